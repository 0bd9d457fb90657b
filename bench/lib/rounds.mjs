// Loads endpoints of running servers with autocannon the way bench/http.mjs does: a 2-second
// warm-up per endpoint (discarded), then rounds of `duration` seconds, each round starting one
// endpoint later; any status but the expected one fails the run. Per endpoint: median req/s,
// p50/p99 latency, and the server's CPU time per request (from /proc).
import autocannon from 'autocannon'

/**
 * `endpoints`: `{ name, server, path, headers?, status }`; `servers`: name → `startServer()`'s result.
 * Resolves to name → `{ rps, p50, p99, cpu }` (medians over the rounds).
 */
export async function measureRounds(endpoints, servers, { rounds, duration, connections, log = console.error }) {
  const load = async (endpoint, seconds) => {
    const server = servers[endpoint.server]
    const cpuBefore = server.cpuSeconds()
    const result = await autocannon({ url: `${server.url}${endpoint.path}`, headers: endpoint.headers ?? {}, connections, duration: seconds })
    const statuses = Object.keys(result.statusCodeStats ?? {})
    if (result.errors > 0 || statuses.length !== 1 || Number(statuses[0]) !== endpoint.status) {
      throw new Error(`${endpoint.name}: expected only ${endpoint.status}, got ${JSON.stringify(result.statusCodeStats)} and ${result.errors} errors`)
    }
    const cpuAfter = server.cpuSeconds()
    const cpu = cpuBefore === undefined ? Number.NaN : 1e6 * (cpuAfter - cpuBefore) / result.requests.total
    return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpu }
  }
  for (const endpoint of endpoints) {
    await load(endpoint, 2)
  }
  const runs = new Map(endpoints.map(endpoint => [endpoint.name, []]))
  for (let round = 0; round < rounds; round++) {
    const order = endpoints.map((_, index) => endpoints[(index + round) % endpoints.length])
    for (const endpoint of order) {
      runs.get(endpoint.name).push(await load(endpoint, duration))
    }
    log(`round ${round + 1}/${rounds} done`)
  }
  const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
  return Object.fromEntries(endpoints.map(({ name }) => {
    const results = runs.get(name)
    return [name, Object.fromEntries(['rps', 'p50', 'p99', 'cpu'].map(key => [key, median(results.map(result => result[key]))]))]
  }))
}
