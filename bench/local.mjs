// HTTP benchmark of the local provider's source: requireRole on the backend's JWT (HS256 with a
// secret, RS256 against a key set served here) against the check an app writes by hand (jose's
// jwtVerify with the key imported on every request, then a role compare), side by side in one run.
// See bench/README.md.
//   node bench/local.mjs [--no-build] [--rounds 3] [--duration 3] [--connections 16]
import { execFileSync } from 'node:child_process'
import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { SignJWT, exportJWK, exportSPKI, generateKeyPair } from 'jose'
import { freePort, hasTaskset, startServer } from './lib/server.mjs'
import { measureRounds } from './lib/rounds.mjs'

const { values: options } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    'rounds': { type: 'string', default: '3' },
    'duration': { type: 'string', default: '3' },
    'connections': { type: 'string', default: '16' },
  },
})
const apps = {
  hs256: fileURLToPath(new URL('./fixtures/local-hs256', import.meta.url)),
  rs256: fileURLToPath(new URL('./fixtures/local-rs256', import.meta.url)),
}
if (!options['no-build']) {
  for (const dir of Object.values(apps)) {
    console.error(`building ${dir}`)
    execFileSync('npx', ['nuxi', 'build', dir, '--logLevel', 'silent'], { stdio: ['ignore', 'ignore', 'inherit'] })
  }
}

// What the app's backend would do: sign tokens, and publish its public key as a key set.
const issuer = 'bench-backend'
const audience = 'bench-app'
const secret = 'bench-local-secret-0123456789abcdef'
const { publicKey, privateKey } = await generateKeyPair('RS256')
const kid = 'bench-key-1'
const jwks = JSON.stringify({ keys: [{ ...await exportJWK(publicKey), kid, alg: 'RS256', use: 'sig' }] })
let keySetFetches = 0
const jwksServer = createServer((request, response) => {
  keySetFetches++
  response.writeHead(200, { 'content-type': 'application/json' }).end(jwks)
})
const jwksPort = await freePort()
await new Promise(resolve => jwksServer.listen(jwksPort, '127.0.0.1', resolve))
const token = (header, key, roles) => new SignJWT({ roles }).setProtectedHeader(header).setSubject('1').setIssuer(issuer)
  .setAudience(audience).setIssuedAt().setExpirationTime('2h').sign(key)
const bearer = async (header, key, roles) => ({ authorization: `Bearer ${await token(header, key, roles)}` })
const hsAdmin = await bearer({ alg: 'HS256' }, new TextEncoder().encode(secret), ['admin'])
const rsAdmin = await bearer({ alg: 'RS256', kid }, privateKey, ['admin'])
const hsViewer = await bearer({ alg: 'HS256' }, new TextEncoder().encode(secret), ['viewer'])

// The servers share core 0; autocannon (this process, and the key set it serves) runs on core 1.
const pin = hasTaskset()
if (pin) {
  execFileSync('taskset', ['-p', '-c', '1', String(process.pid)], { stdio: 'ignore' })
}
const core = pin ? 0 : undefined
const handwrittenKeys = { NUXT_JWT_SECRET: secret, NUXT_JWT_PUBLIC_KEY: await exportSPKI(publicKey) }
const servers = {
  hs256: await startServer(apps.hs256, { core, env: { ...handwrittenKeys, NUXT_RBAC_LOCAL_VERIFY_SECRET: secret } }),
  rs256: await startServer(apps.rs256, { core, env: { ...handwrittenKeys, NUXT_RBAC_LOCAL_VERIFY_JWKS: `http://127.0.0.1:${jwksPort}/jwks.json` } }),
}

try {
  const endpoints = [
    { name: 'HS256: hand-written jwtVerify, key from the secret per request', server: 'hs256', path: '/api/handwritten-hs256', headers: hsAdmin, status: 200 },
    { name: 'HS256: requireRole', server: 'hs256', path: '/api/role', headers: hsAdmin, status: 200 },
    { name: 'HS256: requireRole, 403', server: 'hs256', path: '/api/role', headers: hsViewer, status: 403 },
    { name: 'RS256: hand-written jwtVerify, importSPKI per request', server: 'rs256', path: '/api/handwritten-rs256', headers: rsAdmin, status: 200 },
    { name: 'RS256: requireRole, cached key set', server: 'rs256', path: '/api/role', headers: rsAdmin, status: 200 },
    { name: 'bare route (same app)', server: 'hs256', path: '/api/bare', status: 200 },
  ]
  const { rounds, duration, connections } = { rounds: Number(options.rounds), duration: Number(options.duration), connections: Number(options.connections) }
  console.error(`warm-up, then ${rounds} rounds of ${duration} s per endpoint, ${connections} connections${pin ? ', servers on core 0, load on core 1' : ' (no taskset: not pinned)'}`)
  const summary = await measureRounds(endpoints, servers, { rounds, duration, connections })

  console.log('\n| endpoint | req/s (median) | p50 ms | p99 ms | server CPU µs/request |')
  console.log('|---|---|---|---|---|')
  for (const [name, { rps, p50, p99, cpu }] of Object.entries(summary)) {
    console.log(`| ${name} | ${Math.round(rps)} | ${p50} | ${p99} | ${cpu.toFixed(1)} |`)
  }
  const pairs = [
    ['HS256: requireRole / hand-written', 'HS256: requireRole', endpoints[0].name, '≥ 2'],
    ['RS256: requireRole / hand-written', 'RS256: requireRole, cached key set', endpoints[3].name, '≥ 2'],
  ]
  console.log('\n| ratio | by req/s | by server CPU per request | target |')
  console.log('|---|---|---|---|')
  for (const [name, a, b, target] of pairs) {
    console.log(`| ${name} | ${(summary[a].rps / summary[b].rps).toFixed(2)}× | ${(summary[b].cpu / summary[a].cpu).toFixed(2)}× | ${target} |`)
  }
  console.log(`\nKey set fetched ${keySetFetches} time(s) by the RS256 server over the whole run.`)
}
finally {
  await Promise.all(Object.values(servers).map(server => server.stop()))
  jwksServer.close()
}
