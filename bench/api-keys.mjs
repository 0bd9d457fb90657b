// API keys: requireRole by API key (the module's memory store, and Redis) against a hand-written
// lookup-and-compare on the same store, side by side in one run. See bench/README.md.
//   node bench/api-keys.mjs [--no-build] [--rounds 5] [--duration 5] [--connections 16]
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { hasTaskset, startRedis, startServer } from './lib/server.mjs'
import { measureRounds } from './lib/rounds.mjs'

const { values: options } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    'rounds': { type: 'string', default: '5' },
    'duration': { type: 'string', default: '5' },
    'connections': { type: 'string', default: '16' },
  },
})
const app = fileURLToPath(new URL('./fixtures/with-api-keys', import.meta.url))
if (!options['no-build']) {
  console.error(`building ${app}`)
  execFileSync('npx', ['nuxi', 'build', app, '--logLevel', 'silent'], { stdio: ['ignore', 'ignore', 'inherit'] })
}

const pin = hasTaskset()
if (pin) {
  execFileSync('taskset', ['-p', '-c', '1', String(process.pid)], { stdio: 'ignore' })
}
const core = pin ? 0 : undefined
const redis = await startRedis({ core })
const servers = {
  memory: await startServer(app, { core }),
  ...(redis ? { redis: await startServer(app, { core, env: { BENCH_REDIS_URL: redis.url } }) } : {}),
}

try {
  const keysOf = async server => await (await fetch(`${server.url}/api/bench/keys`, { method: 'POST' })).json()
  const endpoints = []
  for (const [store, server] of Object.entries(servers)) {
    const { key, handwritten } = await keysOf(server)
    endpoints.push(
      { name: `requireRole by API key, ${store}`, server: store, path: '/api/role', headers: { authorization: `Bearer ${key}` }, status: 200 },
      { name: `hand-written lookup-and-compare, ${store}`, server: store, path: '/api/handwritten-key', headers: { authorization: `Bearer ${handwritten}` }, status: 200 },
      { name: `malformed key (401 before any read), ${store}`, server: store, path: '/api/role', headers: { authorization: 'Bearer bench_nonsense' }, status: 401 },
    )
  }
  console.error(`warm-up, then ${options.rounds} rounds of ${options.duration} s per endpoint, ${options.connections} connections${pin ? ', servers and Redis on core 0, load on core 1' : ' (not pinned)'}`)
  const summary = await measureRounds(endpoints, servers, { rounds: Number(options.rounds), duration: Number(options.duration), connections: Number(options.connections) })
  console.log('\n| endpoint | req/s (median) | p50 ms | p99 ms | server CPU µs/request |')
  console.log('|---|---|---|---|---|')
  for (const [name, { rps, p50, p99, cpu }] of Object.entries(summary)) {
    console.log(`| ${name} | ${Math.round(rps)} | ${p50} | ${p99} | ${cpu.toFixed(1)} |`)
  }
  console.log('\n| ratio | by req/s | by server CPU per request | target |')
  console.log('|---|---|---|---|')
  for (const store of Object.keys(servers)) {
    const module = summary[`requireRole by API key, ${store}`]
    const hand = summary[`hand-written lookup-and-compare, ${store}`]
    console.log(`| module / hand-written, ${store} | ${(module.rps / hand.rps).toFixed(2)}× | ${(hand.cpu / module.cpu).toFixed(2)}× | ${store === 'redis' ? '≥ 1.5' : '—'} |`)
  }
}
finally {
  await Promise.all(Object.values(servers).map(server => server.stop()))
  redis?.stop()
}
