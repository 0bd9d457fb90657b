// CPU profile of one endpoint of the built bench app under load: where the server's time goes.
//   node bench/profile.mjs /api/role viewer [seconds]     (build first: node bench/http.mjs once)
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { signIn, startServer } from './lib/server.mjs'

const [path = '/api/bare', user, seconds = '5', app = 'with-rbac'] = process.argv.slice(2)
const dir = mkdtempSync(join(tmpdir(), 'rbac-prof-'))
const server = await startServer(fileURLToPath(new URL(`./fixtures/${app}`, import.meta.url)), { cpuProfDir: dir })
const cookie = user ? await signIn(server.url, user) : undefined
const result = await autocannon({ url: `${server.url}${path}`, headers: cookie ? { cookie } : {}, connections: 16, duration: Number(seconds) })
await server.stop()
console.log(`${path} as ${user ?? 'anonymous'}: ${Math.round(result.requests.average)} req/s, statuses ${JSON.stringify(result.statusCodeStats)}`)

const profile = JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]), 'utf8'))
const self = new Map()
const intervals = profile.timeDeltas
const byId = new Map(profile.nodes.map(node => [node.id, node]))
const counts = new Map()
for (let index = 0; index < profile.samples.length; index++) {
  counts.set(profile.samples[index], (counts.get(profile.samples[index]) ?? 0) + (intervals[index] ?? 0))
}
let total = 0
for (const [id, time] of counts) {
  const { callFrame } = byId.get(id)
  const key = `${callFrame.functionName || '(anonymous)'} ${callFrame.url.split('/').slice(-2).join('/')}:${callFrame.lineNumber + 1}`
  self.set(key, (self.get(key) ?? 0) + time)
  total += time
}
// Inclusive time: a sample counts for its node and every ancestor (once per function name).
const parent = new Map()
for (const node of profile.nodes) {
  for (const child of node.children ?? []) {
    parent.set(child, node.id)
  }
}
const inclusive = new Map()
for (const [id, time] of counts) {
  const seen = new Set()
  for (let current = id; current !== undefined; current = parent.get(current)) {
    const { callFrame } = byId.get(current)
    const key = `${callFrame.functionName || '(anonymous)'} ${callFrame.url.split('/').slice(-2).join('/')}:${callFrame.lineNumber + 1}`
    if (!seen.has(key)) {
      seen.add(key)
      inclusive.set(key, (inclusive.get(key) ?? 0) + time)
    }
  }
}
if (process.env.INCLUSIVE) {
  console.log('inclusive time, top 40:')
  for (const [key, time] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
    console.log(`${(100 * time / total).toFixed(1).padStart(5)}%  ${key}`)
  }
}
console.log('self time, top 25:')
for (const [key, time] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
  console.log(`${(100 * time / total).toFixed(1).padStart(5)}%  ${key}`)
}
