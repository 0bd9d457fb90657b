import { createServer } from 'node:http'
import type { IncomingMessage, Server } from 'node:http'
import { createHash, randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { url, useTestContext } from '@nuxt/test-utils/e2e'
import { getRandomPort } from 'get-port-please'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { builtApps } from './helpers/apps'
import { setupBuiltApp } from './helpers/app'
import { startNitro } from './helpers/processes'
import type { Running } from './helpers/processes'

// nuxt-auth's local provider with opaque tokens, on a production build: test/fixtures/local-opaque
// asks the backend's session endpoint about each token (its URL given at start with
// NUXT_RBAC_LOCAL_INTROSPECT_ENDPOINT), keeps answers for 2 s, and gives the endpoint 1 s. The
// backend here is a real HTTP server that counts the calls it answers.

interface BackendUser { id: string, roles: string[], name: string, exp?: number }
type Mode = 'ok' | 'error' | 'hang' | 'echo'

const CLIENT = { id: 'web-app', secret: 's3cret:with/odd chars' }

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = ''
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => resolve(body))
  })
}

/** The app's backend: a session endpoint (GET, Bearer) and an RFC 7662 endpoint (POST, Basic client auth). */
function backendServer(port: number) {
  const sessions = new Map<string, BackendUser>()
  const calls = new Map<string, number>()
  const seen: { method: string, authorization?: string, contentType?: string, body: string }[] = []
  let server: Server | undefined
  let mode: Mode = 'ok'
  const count = (token: string) => calls.set(token, (calls.get(token) ?? 0) + 1)
  return {
    origin: `http://127.0.0.1:${port}`,
    sessions,
    seen,
    set mode(next: Mode) {
      mode = next
    },
    calls: (token: string) => calls.get(token) ?? 0,
    get total() {
      return [...calls.values()].reduce((sum, n) => sum + n, 0)
    },
    async up(): Promise<void> {
      if (server) {
        return
      }
      const listening = createServer(async (request, response) => {
        const body = await readBody(request)
        seen.push({ method: request.method!, authorization: request.headers.authorization, contentType: request.headers['content-type'], body })
        if (mode === 'hang') {
          return
        }
        const reply = (status: number, answer: unknown) => {
          response.writeHead(status, { 'content-type': 'application/json' })
          response.end(JSON.stringify(answer))
        }
        if (request.url === '/auth/session') {
          const token = request.headers.authorization?.replace(/^Bearer /, '') ?? ''
          count(token)
          const user = sessions.get(token)
          if (mode === 'echo') {
            // A backend that answers with what it was sent, not JSON.
            response.writeHead(200, { 'content-type': 'text/plain' })
            return response.end(token)
          }
          return mode === 'error' ? reply(500, { error: 'oops' }) : user ? reply(200, { user }) : reply(401, { error: 'no session' })
        }
        if (request.url === '/oauth/introspect') {
          const token = new URLSearchParams(body).get('token') ?? ''
          count(token)
          const client = `Basic ${Buffer.from(`${CLIENT.id}:${encodeURIComponent(CLIENT.secret).replaceAll('%20', '+')}`).toString('base64')}`
          if (request.headers.authorization !== client) {
            return reply(401, { error: 'invalid_client' })
          }
          const user = sessions.get(token)
          return reply(200, user ? { active: true, sub: user.id, scope: user.roles.join(' '), exp: user.exp } : { active: false })
        }
        reply(404, {})
      })
      await new Promise<void>(resolve => listening.listen(port, '127.0.0.1', () => resolve()))
      server = listening
    },
    async down(): Promise<void> {
      const stopping = server
      server = undefined
      if (stopping) {
        // Node's fetch keeps connections alive: without this, the Nitro server would still reach it.
        stopping.closeAllConnections()
        await new Promise(resolve => stopping.close(resolve))
      }
    },
  }
}

const backend = backendServer(await getRandomPort('127.0.0.1'))
await backend.up()
await setupBuiltApp(builtApps.localOpaque, { NUXT_RBAC_LOCAL_INTROSPECT_ENDPOINT: `${backend.origin}/auth/session`, NUXT_RBAC_FRESHNESS_PERSIST: '' }, {}, '/api/backend')
afterAll(() => backend.down())
beforeEach(() => {
  backend.mode = 'ok'
})

/** A new opaque token the backend knows as a session of this user. */
function signIn(id: string, roles: string[], extra: Partial<BackendUser> = {}): string {
  const token = randomBytes(24).toString('base64url')
  backend.sessions.set(token, { id, roles, name: `user ${id}`, ...extra })
  return token
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

async function statusOf(path: string, headers: Record<string, string> = {}, origin?: string): Promise<number> {
  const response = await fetch(origin ? `${origin}${path}` : url(path), { headers, redirect: 'manual' })
  await response.body?.cancel()
  return response.status
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

describe('a token the backend knows', () => {
  it('is the backend\'s user: roles and uid from its answer, sent to it as nuxt-auth\'s getSession sends it', async () => {
    const token = signIn('u1', ['admin'])
    const response = await fetch(url('/api/me'), { headers: bearer(token) })
    expect(await response.json()).toEqual({ signedIn: true, source: 'local', from: 'header', uid: 'u1', roles: ['admin'], name: 'user u1' })
    expect(backend.seen.at(-1)).toMatchObject({ method: 'GET', authorization: `Bearer ${token}` })
  })

  it('200 or 403 by role, on a guarded route and on a route rule; 401 without a token', async () => {
    const admin = signIn('u1', ['admin'])
    const editor = signIn('u2', ['editor'])
    const viewer = signIn('u3', ['viewer', 'not-a-role'])
    expect(await statusOf('/api/editor/drafts', bearer(editor))).toBe(200)
    expect(await statusOf('/api/editor/drafts', bearer(admin))).toBe(200)
    expect(await statusOf('/api/editor/drafts', bearer(viewer))).toBe(403)
    expect(await statusOf('/api/editor/drafts')).toBe(401)
    expect(await statusOf('/api/admin/users', bearer(admin))).toBe(200)
    expect(await statusOf('/api/admin/users', bearer(editor))).toBe(403)
    expect(await statusOf('/api/admin/users')).toBe(401)
  })

  it('read from nuxt-auth\'s cookie too, and the header decides when both are there', async () => {
    const editor = signIn('u2', ['editor'])
    expect(await statusOf('/api/editor/drafts', { cookie: `auth.token=${editor}` })).toBe(200)
    expect(await statusOf('/api/editor/drafts', { cookie: `auth.token=${editor}`, ...bearer('unknown-token') })).toBe(401)
  })
})

describe('a token the backend does not know', () => {
  it('401, and asked once per token while the "no" is kept (5 s), however often it comes', async () => {
    const junk = Array.from({ length: 5 }, () => randomBytes(16).toString('hex'))
    const statuses = await Promise.all(junk.flatMap(token => Array.from({ length: 10 }, () => statusOf('/api/editor/drafts', bearer(token)))))
    expect(new Set(statuses)).toEqual(new Set([401]))
    for (const token of junk) {
      expect(backend.calls(token)).toBe(1)
    }
  })
})

describe('a token that is no credential', () => {
  const forged = '{"level":"error","msg":"FORGED identity provider down"}'
  const serverLog = () => (useTestContext().serverLogs ?? []).join('\n')

  it('CR, LF, NUL, quotes, spaces or over 8 KiB, in the cookie or the header: 401, the backend never asked, nothing logged', async () => {
    const asked = backend.seen.length
    const cookies = [`x\n${forged}`, `x\r\n${forged}`, 'x\u0000y', '"quoted"', 'a b', 'a'.repeat(8193)]
    for (const token of cookies) {
      expect(await statusOf('/api/editor/drafts', { cookie: `auth.token=${encodeURIComponent(token)}` }), JSON.stringify(token.slice(0, 20))).toBe(401)
      expect(await statusOf('/api/admin/users', { cookie: `auth.token=${encodeURIComponent(token)}` })).toBe(401)
    }
    for (const token of ['x"y', 'x\\y', 'a,b', 'a'.repeat(8193), 'a=b']) {
      expect(await statusOf('/api/editor/drafts', bearer(token)), token.slice(0, 20)).toBe(401)
    }
    expect(backend.seen.length).toBe(asked)
    await sleep(300)
    expect(serverLog()).not.toContain('FORGED')
    expect(serverLog()).not.toMatch(/could not be reached/)
    // A real token still passes.
    expect(await statusOf('/api/editor/drafts', bearer(signIn('u2', ['editor'])))).toBe(200)
  })

  it('a backend fault is logged without what the request sent, even when the backend echoes it', async () => {
    backend.mode = 'echo'
    const token = `e${randomBytes(4).toString('hex')}`
    expect(await statusOf('/api/editor/drafts', bearer(token))).toBe(503)
    await sleep(300)
    const said = serverLog().split('\n').filter(line => line.includes('answered something that is not JSON'))
    expect(said).toHaveLength(1)
    expect(said[0]).toContain('SyntaxError')
    expect(serverLog()).not.toContain(token)
  })
})

describe('a "no" is kept 5 s, not longer', () => {
  it('a token the backend learns of after saying no: 401 within the window, 200 after it, one call each time', async () => {
    const token = randomBytes(16).toString('hex')
    expect(await statusOf('/api/editor/drafts', bearer(token))).toBe(401)
    backend.sessions.set(token, { id: 'u2', roles: ['editor'], name: 'user u2' })
    expect(await statusOf('/api/editor/drafts', bearer(token))).toBe(401)
    expect(backend.calls(token)).toBe(1)
    await sleep(5200)
    expect(await statusOf('/api/editor/drafts', bearer(token))).toBe(200)
    expect(backend.calls(token)).toBe(2)
  })
})

describe('answers are kept', () => {
  it('many requests with one token, together or one after another: one call to the backend', async () => {
    const token = signIn('u2', ['editor'])
    const together = await Promise.all(Array.from({ length: 30 }, () => statusOf('/api/editor/drafts', bearer(token))))
    expect(new Set(together)).toEqual(new Set([200]))
    for (let index = 0; index < 10; index++) {
      expect(await statusOf('/api/editor/drafts', bearer(token))).toBe(200)
    }
    expect(backend.calls(token)).toBe(1)
  })

  it('per token: another token is asked about, never answered from the first one\'s entry', async () => {
    const editor = signIn('u2', ['editor'])
    const viewer = signIn('u3', ['viewer'])
    expect(await statusOf('/api/editor/drafts', bearer(editor))).toBe(200)
    expect(await statusOf('/api/editor/drafts', bearer(viewer))).toBe(403)
    expect([backend.calls(editor), backend.calls(viewer)]).toEqual([1, 1])
  })

  it('under a hash of the token: the store never holds the token', async () => {
    const token = signIn('u2', ['editor'])
    expect(await statusOf('/api/editor/drafts', bearer(token))).toBe(200)
    const keys = await (await fetch(url('/api/store-keys'))).json() as string[]
    const hash = createHash('sha256').update(token).digest('hex')
    expect(keys.some(key => key.includes(hash))).toBe(true)
    expect(keys.some(key => key.includes(token))).toBe(false)
  })

  it('for maxAge (2 s) at most: a session ended at the backend is refused once it is over', async () => {
    const token = signIn('u2', ['editor'])
    expect(await statusOf('/api/editor/drafts', bearer(token))).toBe(200)
    backend.sessions.delete(token)
    expect(await statusOf('/api/editor/drafts', bearer(token))).toBe(200)
    await sleep(2200)
    expect(await statusOf('/api/editor/drafts', bearer(token))).toBe(401)
    expect(backend.calls(token)).toBe(2)
  })

  it('never past the token\'s exp, when the backend says it', async () => {
    const exp = Math.ceil(Date.now() / 1000) + 1
    const token = signIn('u2', ['editor'], { exp })
    expect(await statusOf('/api/editor/drafts', bearer(token))).toBe(200)
    await sleep(exp * 1000 - Date.now() + 100)
    // The backend still says yes, with an exp now past: no session.
    expect(await statusOf('/api/editor/drafts', bearer(token))).toBe(401)
    expect(backend.calls(token)).toBe(2)
  })
})

describe('the backend failing: 503, never a pass, never kept', () => {
  it('answering 500: 503, and 200 as soon as it answers again', async () => {
    const token = signIn('u2', ['editor'])
    backend.mode = 'error'
    const response = await fetch(url('/api/editor/drafts'), { headers: bearer(token) })
    expect(response.status).toBe(503)
    expect(await response.text()).not.toContain(token)
    expect(await statusOf('/api/open')).toBe(200)
    backend.mode = 'ok'
    expect(await statusOf('/api/editor/drafts', bearer(token))).toBe(200)
  })

  it('too slow: 503 after its timeout (1 s), and recovers', async () => {
    const token = signIn('u2', ['editor'])
    backend.mode = 'hang'
    const started = Date.now()
    expect(await statusOf('/api/editor/drafts', bearer(token))).toBe(503)
    expect(Date.now() - started).toBeGreaterThanOrEqual(900)
    expect(Date.now() - started).toBeLessThan(5000)
    backend.mode = 'ok'
    expect(await statusOf('/api/editor/drafts', bearer(token))).toBe(200)
  })

  it('down: 503, and recovers once it is back', async () => {
    const token = signIn('u2', ['editor'])
    await backend.down()
    try {
      expect(await statusOf('/api/editor/drafts', bearer(token))).toBe(503)
      expect(await statusOf('/api/editor/drafts')).toBe(401)
    }
    finally {
      await backend.up()
    }
    expect(await statusOf('/api/editor/drafts', bearer(token))).toBe(200)
  })
})

describe('an RFC 7662 endpoint, configured by the environment', () => {
  let app: Running | undefined
  let origin = ''
  const start = async (secret: string) => {
    const port = await getRandomPort('127.0.0.1')
    origin = `http://127.0.0.1:${port}`
    app = await startNitro(join(builtApps.localOpaque, '.output'), port, {
      AUTH_ORIGIN: `${origin}/api/backend`,
      NUXT_RBAC_FRESHNESS_PERSIST: '',
      NUXT_RBAC_LOCAL_INTROSPECT_ENDPOINT: `${backend.origin}/oauth/introspect`,
      NUXT_RBAC_LOCAL_INTROSPECT_RFC7662: 'true',
      NUXT_RBAC_LOCAL_INTROSPECT_CLIENT_ID: CLIENT.id,
      NUXT_RBAC_LOCAL_INTROSPECT_CLIENT_SECRET: secret,
      NUXT_RBAC_LOCAL_UID_CLAIM: 'sub',
      NUXT_RBAC_LOCAL_ROLES_CLAIM: 'scope',
    })
  }
  afterAll(() => app?.stop())

  it('POSTs the token with the client\'s credentials; active → by role, inactive → 401', async () => {
    await start(CLIENT.secret)
    const editor = signIn('u2', ['editor'], { exp: Math.floor(Date.now() / 1000) + 600 })
    const viewer = signIn('u3', ['viewer'])
    expect(await statusOf('/api/editor/drafts', bearer(editor), origin)).toBe(200)
    expect(backend.seen.at(-1)).toMatchObject({ method: 'POST', contentType: 'application/x-www-form-urlencoded' })
    expect(new URLSearchParams(backend.seen.at(-1)!.body).get('token')).toBe(editor)
    expect(await statusOf('/api/editor/drafts', bearer(viewer), origin)).toBe(403)
    expect(await statusOf('/api/editor/drafts', bearer('revoked-or-unknown'), origin)).toBe(401)
    expect(await statusOf('/api/editor/drafts', bearer('revoked-or-unknown'), origin)).toBe(401)
    expect(backend.calls('revoked-or-unknown')).toBe(1)
  })

  it('the endpoint refusing the module\'s client: 503, not "signed out"', async () => {
    await app?.stop()
    await start('wrong-secret')
    expect(await statusOf('/api/editor/drafts', bearer(signIn('u2', ['editor'])), origin)).toBe(503)
  })
})
