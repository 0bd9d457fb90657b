// HTTP benchmark: the module's cost on routes it does not guard, and its guards against the
// hand-written check, measured side by side in one run. See bench/README.md.
//   node bench/http.mjs [--no-build] [--rounds 5] [--duration 5] [--connections 16] [--cpu-prof]
import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { createJiti } from 'jiti'
import { SECRET, hasTaskset, signIn, startRedis, startServer } from './lib/server.mjs'
import { clientJsSize } from './lib/client-size.mjs'

const { values: options } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    'rounds': { type: 'string', default: '5' },
    'duration': { type: 'string', default: '5' },
    'connections': { type: 'string', default: '16' },
    'cpu-prof': { type: 'boolean', default: false },
  },
})
const rounds = Number(options.rounds)
const duration = Number(options.duration)
const connections = Number(options.connections)
const apps = {
  base: fileURLToPath(new URL('./fixtures/base', import.meta.url)),
  rbac: fileURLToPath(new URL('./fixtures/with-rbac', import.meta.url)),
  fresh: fileURLToPath(new URL('./fixtures/with-freshness', import.meta.url)),
}

if (!options['no-build']) {
  for (const dir of Object.values(apps)) {
    console.error(`building ${dir}`)
    execFileSync('npx', ['nuxi', 'build', dir, '--logLevel', 'silent'], { stdio: ['ignore', 'ignore', 'inherit'] })
  }
}

// The servers share core 0; autocannon (this process) runs on core 1; one load at a time.
const pin = hasTaskset()
if (pin) {
  execFileSync('taskset', ['-p', '-c', '1', String(process.pid)], { stdio: 'ignore' })
}
const cpuProfDir = options['cpu-prof'] ? fileURLToPath(new URL('./profiles', import.meta.url)) : undefined
if (cpuProfDir) {
  mkdirSync(cpuProfDir, { recursive: true })
}
// Redis shares core 0 with the servers: what it costs them is part of the measurement.
const redis = await startRedis({ core: pin ? 0 : undefined })
const servers = {
  base: await startServer(apps.base, { core: pin ? 0 : undefined, cpuProfDir }),
  rbac: await startServer(apps.rbac, { core: pin ? 0 : undefined, cpuProfDir }),
  fresh: await startServer(apps.fresh, { core: pin ? 0 : undefined, cpuProfDir }),
  ...(redis ? { freshRedis: await startServer(apps.fresh, { core: pin ? 0 : undefined, cpuProfDir, env: { BENCH_REDIS_URL: redis.url } }) } : {}),
}
// A session as the module's own callbacks stamp it at sign-in (roles fresh for maxAge), from its test utils.
const { sessionCookie } = await createJiti(import.meta.url).import('../src/test-utils.ts')
const stampedAdmin = await sessionCookie({ role: 'admin', uid: '1' }, { secret: SECRET })

try {
  const admin = await signIn(servers.rbac.url, 'admin')
  const viewer = await signIn(servers.rbac.url, 'viewer')
  const endpoints = [
    { name: 'bare route, app without the module', server: 'base', path: '/api/bare', status: 200 },
    { name: 'bare route, app with the module (uncovered)', server: 'rbac', path: '/api/bare', status: 200 },
    { name: 'hand-written getServerSession check', server: 'rbac', path: '/api/handwritten', cookie: admin, status: 200 },
    { name: 'requireRole', server: 'rbac', path: '/api/role', cookie: admin, status: 200 },
    { name: 'requireAbility on a record', server: 'rbac', path: '/api/posts/1', cookie: admin, status: 200 },
    { name: 'routeRules', server: 'rbac', path: '/api/admin/stats', cookie: admin, status: 200 },
    { name: 'requireRole, 403 path', server: 'rbac', path: '/api/role', cookie: viewer, status: 403 },
    { name: 'bare route, app with freshness on', server: 'fresh', path: '/api/bare', status: 200 },
    { name: 'requireRole, freshness on, memory store', server: 'fresh', path: '/api/role', cookie: stampedAdmin, status: 200 },
    ...(redis ? [{ name: 'requireRole, freshness on, Redis', server: 'freshRedis', path: '/api/role', cookie: stampedAdmin, status: 200 }] : []),
  ]
  const results = new Map(endpoints.map(endpoint => [endpoint.name, []]))
  const load = async (endpoint, seconds) => {
    const server = servers[endpoint.server]
    const cpuBefore = server.cpuSeconds()
    const result = await autocannon({
      url: `${servers[endpoint.server].url}${endpoint.path}`,
      headers: endpoint.cookie ? { cookie: endpoint.cookie } : {},
      connections,
      duration: seconds,
    })
    const statuses = Object.keys(result.statusCodeStats ?? {})
    if (result.errors > 0 || statuses.length !== 1 || Number(statuses[0]) !== endpoint.status) {
      throw new Error(`${endpoint.name}: expected only ${endpoint.status}, got ${JSON.stringify(result.statusCodeStats)} and ${result.errors} errors`)
    }
    const cpuAfter = server.cpuSeconds()
    result.cpuMicrosPerRequest = cpuBefore === undefined ? Number.NaN : 1e6 * (cpuAfter - cpuBefore) / result.requests.total
    return result
  }

  console.error(`warm-up, then ${rounds} rounds of ${duration} s per endpoint, ${connections} connections${pin ? ', server on core 0, load on core 1' : ' (no taskset: not pinned)'}`)
  for (const endpoint of endpoints) {
    await load(endpoint, 2)
  }
  for (let round = 0; round < rounds; round++) {
    // Each round starts one endpoint later, so no endpoint always runs first or last.
    const order = endpoints.map((_, index) => endpoints[(index + round) % endpoints.length])
    for (const endpoint of order) {
      const result = await load(endpoint, duration)
      results.get(endpoint.name).push({ rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpu: result.cpuMicrosPerRequest })
    }
    console.error(`round ${round + 1}/${rounds} done`)
  }

  const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
  const summary = Object.fromEntries(endpoints.map(({ name }) => {
    const runs = results.get(name)
    return [name, { rps: median(runs.map(run => run.rps)), p50: median(runs.map(run => run.p50)), p99: median(runs.map(run => run.p99)), cpu: median(runs.map(run => run.cpu)) }]
  }))
  const ratio = (a, b) => summary[a].rps / summary[b].rps
  // Server CPU per request, inverted so that higher is better like req/s.
  const cpuRatio = (a, b) => summary[b].cpu / summary[a].cpu
  const handwritten = 'hand-written getServerSession check'
  console.log('\n| endpoint | req/s (median) | p50 ms | p99 ms | server CPU µs/request |')
  console.log('|---|---|---|---|---|')
  for (const [name, { rps, p50, p99, cpu }] of Object.entries(summary)) {
    console.log(`| ${name} | ${Math.round(rps)} | ${p50} | ${p99} | ${cpu.toFixed(1)} |`)
  }
  const unguarded = 'bare route, app with the module (uncovered)'
  const unguardedFresh = 'bare route, app with freshness on'
  // Targets: issue 22 (fresh roles at no cost) and earlier ones; 'guarded / unguarded' is the stretch toward the limit.
  const pairs = [
    ['unguarded route with / without the module', unguarded, 'bare route, app without the module', '≥ 0.97'],
    ['requireRole / hand-written', 'requireRole', handwritten, '≥ 3'],
    ['routeRules / hand-written', 'routeRules', handwritten, '≥ 3'],
    ['requireAbility / hand-written', 'requireAbility on a record', handwritten, '≥ 2.8'],
    ['403 path / 200 path (requireRole)', 'requireRole, 403 path', 'requireRole', '≥ 1'],
    ['unguarded route, freshness on / without the module', unguardedFresh, 'bare route, app without the module', '≥ 0.97'],
    ['requireRole, freshness on, memory store / hand-written', 'requireRole, freshness on, memory store', handwritten, '≥ 3.5'],
    ...(redis ? [['requireRole, freshness on, Redis / hand-written', 'requireRole, freshness on, Redis', handwritten, '≥ 3']] : []),
    ['requireRole / the same app\'s unguarded route', 'requireRole', unguarded, '≥ 0.8'],
    ['requireRole, freshness on, memory store / unguarded route', 'requireRole, freshness on, memory store', unguardedFresh, '≥ 0.8'],
    ...(redis ? [['requireRole, freshness on, Redis / unguarded route', 'requireRole, freshness on, Redis', unguardedFresh, '≥ 0.8']] : []),
  ]
  console.log('\n| ratio | by req/s | by server CPU per request | target |')
  console.log('|---|---|---|---|')
  for (const [name, a, b, target] of pairs) {
    console.log(`| ${name} | ${ratio(a, b).toFixed(2)}× | ${cpuRatio(a, b).toFixed(2)}× | ${target} |`)
  }
  const size = clientJsSize(apps.base, apps.rbac)
  console.log(`\nClient JS (gzip): without the module ${(size.base / 1024).toFixed(1)} kB, with it ${(size.rbac / 1024).toFixed(1)} kB: the module adds ${((size.rbac - size.base) / 1024).toFixed(1)} kB (target ≤ 7 kB).`)
}
finally {
  await Promise.all(Object.values(servers).map(server => server.stop()))
  redis?.stop()
  if (cpuProfDir) {
    console.error(`CPU profiles in ${cpuProfDir} (open in Chrome DevTools or speedscope)`)
  }
}
