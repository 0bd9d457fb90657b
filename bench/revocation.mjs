// How long a revocation takes to reach another server: two production servers of one build on one
// real Redis (the with-freshness fixture). For each of N users: a session used on B (so B keeps its
// markers locally), revokeSessions on A, then requests on B until one answers 401. Reports the time
// from A's answer to B's first 401 (p50, p99, max) and how many requests B still let through.
//   node bench/revocation.mjs [--no-build] [--count 1000]
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createJiti } from 'jiti'
import { SECRET, startRedis, startServer } from './lib/server.mjs'

const { values: options } = parseArgs({ options: { 'no-build': { type: 'boolean' }, 'count': { type: 'string', default: '1000' } } })
const count = Number(options.count)
const app = fileURLToPath(new URL('./fixtures/with-freshness', import.meta.url))
if (!options['no-build']) {
  console.error(`building ${app}`)
  execFileSync('npx', ['nuxi', 'build', app, '--logLevel', 'silent'], { stdio: ['ignore', 'ignore', 'inherit'] })
}

const redis = await startRedis()
if (!redis) {
  throw new Error('bench/revocation.mjs needs redis-server (apt-get install redis-server)')
}
const env = { BENCH_REDIS_URL: redis.url }
const [A, B] = [await startServer(app, { env }), await startServer(app, { env })]
const { sessionCookie } = await createJiti(import.meta.url).import('../src/test-utils.ts')
const admin = await sessionCookie({ role: 'admin', uid: '1' }, { secret: SECRET })

const get = (server, cookie) => fetch(`${server.url}/api/role`, { headers: { cookie } })
const latencies = []
let letThrough = 0
try {
  // /api/role needs admin: the users here are viewers, so B's guarded answer is 403 until revoked, then 401.
  for (let index = 0; index < count; index++) {
    const user = await sessionCookie({ role: 'viewer', uid: `u${index}` }, { secret: SECRET })
    for (let warm = 0; warm < 2; warm++) {
      const status = (await get(B, user)).status
      if (status !== 403) {
        throw new Error(`before the revocation B answered ${status}, not 403`)
      }
    }
    const revoked = await fetch(`${A.url}/api/bench/revoke/u${index}`, { method: 'POST', headers: { cookie: admin } })
    if (revoked.status !== 200) {
      throw new Error(`revoke answered ${revoked.status}`)
    }
    const returnedAt = performance.now()
    for (;;) {
      const status = (await get(B, user)).status
      if (status === 401) {
        break
      }
      letThrough++
    }
    latencies.push(performance.now() - returnedAt)
  }
}
finally {
  await Promise.all([A.stop(), B.stop()])
  redis.stop()
}

latencies.sort((a, b) => a - b)
const at = share => latencies[Math.min(latencies.length - 1, Math.floor(share * latencies.length))].toFixed(2)
console.log(`\n${count} revocations on A, two servers on one Redis`)
console.log('| from A\'s answer to B\'s first 401 | p50 | p99 | max | requests B let through |')
console.log('|---|---|---|---|---|')
console.log(`| ms (one request round trip included) | ${at(0.5)} | ${at(0.99)} | ${latencies.at(-1).toFixed(2)} | ${letThrough} |`)
