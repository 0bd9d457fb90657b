import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { getRandomPort } from 'get-port-please'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { afterApp, beforeApp } from '../../scripts/migrate-example.mjs'
import { accessMatrix, SIGNED_OUT } from '../../src/runtime/shared/audit/matrix'
import type { RbacAudit } from '../../src/runtime/shared/audit/types'
import { TEST_SECRET } from './helpers/app'
import { request, signIn } from './helpers/auth'
import { startNitro } from './helpers/processes'
import type { Running } from './helpers/processes'

// docs/guide/migration.md, followed on a blog shaped like the one issue 18 came from: the "before"
// app (@sidebase/nuxt-auth, the guide's callbacks, startsWith checks in a server middleware, checks
// in handlers, page middleware, role comparisons in templates) and the same app migrated by
// scripts/migrate-example.mjs, both built for production and asked the same questions.

/** The blog's accounts (test/fixtures/migration-before/server/utils/db.ts) and their one role. */
const accounts = { ada: 'admin', eddie: 'editor', erin: 'editor', uma: 'user' } as const
type Who = keyof typeof accounts | 'anonymous'
const everyone: Who[] = ['ada', 'eddie', 'erin', 'uma', 'anonymous']

interface Probe {
  method: 'GET' | 'POST' | 'PUT'
  path: string
  /** For pages: the text only the page's own content contains. */
  content?: string
}

/** Every page and API route of the app (the auth endpoints aside). */
const probes: Probe[] = [
  { method: 'GET', path: '/', content: 'Latest posts' },
  { method: 'GET', path: '/account', content: 'data-testid="account"' },
  { method: 'GET', path: '/admin', content: 'data-testid="admin-home"' },
  { method: 'GET', path: '/admin/users', content: 'data-testid="admin-users"' },
  { method: 'GET', path: '/editor', content: 'data-testid="editor-desk"' },
  { method: 'GET', path: '/api/open' },
  { method: 'GET', path: '/api/posts' },
  { method: 'POST', path: '/api/posts' },
  { method: 'PUT', path: '/api/posts/1' },
  { method: 'PUT', path: '/api/posts/2' },
  { method: 'GET', path: '/api/me' },
  { method: 'GET', path: '/api/admin/users' },
  { method: 'GET', path: '/api/admin/stats' },
  { method: 'GET', path: '/api/editor/drafts' },
]

/** What templates show or hide by role: the elements a cell lists when they are in the HTML. */
const templateParts = ['nav-editor', 'nav-admin', 'nav-account', 'edit-1', 'edit-2', 'publish-any']

interface Answer {
  status: number
  location: string | null
  /** 200 with the page's own content (pages) or a 2xx answer (API routes). */
  granted: boolean
  /** The template parts in the HTML of a granted page. */
  shown: string[]
}

interface App {
  dir: string
  origin: string
  server: Running
  cookies: Record<Who, string | null>
  answers: Map<string, Answer>
}

const cell = (probe: Probe, who: Who) => `${probe.method} ${probe.path} as ${who}`

async function ask(app: App, probe: Probe, who: Who): Promise<Answer> {
  const response = await request(probe.path, app.cookies[who], { method: probe.method }, app.origin)
  const body = await response.text()
  const granted = probe.content ? response.status === 200 && body.includes(probe.content) : response.ok
  const shown = granted && probe.content ? templateParts.filter(part => body.includes(`data-testid="${part}"`)) : []
  return { status: response.status, location: response.headers.get('location'), granted, shown }
}

async function start(dir: string): Promise<App> {
  const port = await getRandomPort('127.0.0.1')
  const origin = `http://127.0.0.1:${port}`
  const server = await startNitro(join(dir, '.output'), port, { AUTH_ORIGIN: `${origin}/api/auth`, NUXT_AUTH_SECRET: TEST_SECRET })
  const app: App = { dir, origin, server, cookies: { anonymous: null } as Record<Who, string | null>, answers: new Map() }
  for (const name of Object.keys(accounts) as Array<keyof typeof accounts>) {
    app.cookies[name] = await signIn(name, `${name}-pass`, origin)
    expect(app.cookies[name], `${name} signs in to ${dir}`).toBeTruthy()
  }
  for (const probe of probes) {
    for (const who of everyone) {
      app.answers.set(cell(probe, who), await ask(app, probe, who))
    }
  }
  return app
}

function answer(app: App, probe: Probe, who: Who): Answer {
  return app.answers.get(cell(probe, who))!
}

/** Who gets what, and which template parts they see: the part that must not change. */
function accessMatrixOf(app: App): Record<string, Record<Who, string>> {
  return Object.fromEntries(probes.map(probe => [`${probe.method} ${probe.path}`, Object.fromEntries(everyone.map((who) => {
    const { granted, shown } = answer(app, probe, who)
    return [who, granted ? ['granted', ...shown].join(' ') : 'refused']
  })) as Record<Who, string>]))
}

let before: App
let after: App

beforeAll(async () => {
  // Both built for production before the tests (test/build-fixtures.ts), the "after" app written
  // by migrateExample() first (test/e2e/helpers/written-apps.ts).
  ;[before, after] = await Promise.all([start(beforeApp), start(afterApp)])
}, 240_000)

afterAll(async () => {
  await Promise.all([before?.server.stop(), after?.server.stop()])
})

describe('a blog migrated from hand-written role checks by following the guide', () => {
  it('lets every user reach exactly what they reached before, and shows them the same template parts', () => {
    const matrix = accessMatrixOf(before)
    expect(accessMatrixOf(after)).toEqual(matrix)
    // The matrix says something: each role reaches its own area and nobody else's.
    expect(matrix['GET /']).toEqual({
      ada: 'granted nav-editor nav-admin nav-account edit-1 edit-2',
      eddie: 'granted nav-editor nav-account edit-1',
      erin: 'granted nav-editor nav-account',
      uma: 'granted nav-account',
      anonymous: 'granted',
    })
    expect(matrix['GET /editor']).toEqual({ ada: 'granted nav-editor nav-admin nav-account publish-any', eddie: 'granted nav-editor nav-account', erin: 'granted nav-editor nav-account', uma: 'refused', anonymous: 'refused' })
    expect(matrix['GET /api/admin/users']).toEqual({ ada: 'granted', eddie: 'refused', erin: 'refused', uma: 'refused', anonymous: 'refused' })
    expect(matrix['GET /api/editor/drafts']).toEqual({ ada: 'granted', eddie: 'granted', erin: 'granted', uma: 'refused', anonymous: 'refused' })
    expect(matrix['PUT /api/posts/1']).toEqual({ ada: 'granted', eddie: 'granted', erin: 'refused', uma: 'refused', anonymous: 'refused' })
    expect(matrix['GET /api/me']).toEqual({ ada: 'granted', eddie: 'granted', erin: 'granted', uma: 'granted', anonymous: 'refused' })
  })

  it('keeps the session the guide\'s callbacks made, the app\'s own field included', async () => {
    for (const name of Object.keys(accounts) as Array<keyof typeof accounts>) {
      const [old, migrated] = await Promise.all([before, after].map(async app => (await request('/api/auth/session', app.cookies[name], {}, app.origin)).json()))
      expect(old).toMatchObject({ role: accounts[name], handle: `@${name}` })
      expect(migrated).toEqual({ ...old, roles: [accounts[name]], expires: migrated.expires })
    }
  })
})

describe('what changes on purpose', () => {
  const api = probes.filter(probe => probe.path.startsWith('/api/'))
  const pages = probes.filter(probe => !probe.path.startsWith('/api/'))

  it('answers 401 without a session and 403 without the role, where the old checks mostly said 403 to both', () => {
    for (const probe of api) {
      for (const who of everyone) {
        const old = answer(before, probe, who)
        const migrated = answer(after, probe, who)
        if (migrated.granted) {
          continue
        }
        expect(migrated.status, cell(probe, who)).toBe(who === 'anonymous' ? 401 : 403)
        // Only the handlers that checked for a session themselves said 401 before.
        const saidUnauthorized = who === 'anonymous' && (probe.path === '/api/me' || probe.method === 'PUT')
        expect(old.status, cell(probe, who)).toBe(saidUnauthorized ? 401 : 403)
      }
    }
  })

  it('sends signed-out visitors to sign-in and the others home, where the old middleware sent both home', () => {
    for (const probe of pages) {
      for (const who of everyone) {
        const old = answer(before, probe, who)
        const migrated = answer(after, probe, who)
        if (migrated.granted) {
          continue
        }
        expect([old.status, migrated.status], cell(probe, who)).toEqual([302, 302])
        const target = new URL(migrated.location!, after.origin)
        if (who === 'anonymous') {
          expect(target.pathname, cell(probe, who)).toBe('/api/auth/signin')
          expect(new URL(target.searchParams.get('callbackUrl')!, after.origin).pathname, cell(probe, who)).toBe(probe.path)
        }
        else {
          // rbac.redirect.forbidden: '/' keeps "send them home".
          expect(target.pathname, cell(probe, who)).toBe('/')
          expect(target.searchParams.get('from'), cell(probe, who)).toBe(probe.path)
        }
        // The old app: nuxt-auth's sign-in for /account, home for every role check.
        expect(new URL(old.location!, before.origin).pathname, cell(probe, who)).toBe(probe.path === '/account' ? '/api/auth/signin' : '/')
      }
    }
  })

  it('records in the audit what the old server middleware kept to itself, and the audit agrees with the server', () => {
    const audit = JSON.parse(readFileSync(join(after.dir, '.nuxt/rbac-audit.json'), 'utf8')) as RbacAudit
    expect(audit.problems).toEqual([])
    const protectedBy = Object.fromEntries([
      ...audit.pages.map(page => [`page ${page.path}`, page.requirements]),
      ...audit.api.map(route => [`${route.method ?? 'all'} ${route.route}`, [route.status, ...route.rules.map(rule => rule.pattern), ...route.guards.map(guard => guard.kind)]]),
    ])
    expect(protectedBy).toEqual({
      'page /': [],
      'page /account': [{ role: 'user' }],
      'page /admin': [{ role: 'admin' }],
      'page /admin/users': [{ role: 'admin' }],
      'page /editor': [{ role: 'editor' }],
      'all /api/auth/**': ['auth'],
      'get /api/open': ['public'],
      'get /api/posts': ['public'],
      'post /api/posts': ['guarded', 'ability'],
      'put /api/posts/:id': ['guarded', 'ability', 'record'],
      'get /api/me': ['guarded', 'role'],
      'get /api/admin/users': ['guarded', '/api/admin/**'],
      'get /api/admin/stats': ['guarded', '/api/admin/**'],
      'get /api/editor/drafts': ['guarded', '/api/editor/**'],
    })
    // Each ✓ and · of `npx nuxt-auth-rbac audit --matrix` is what the server answered.
    const columnOf = (who: Who) => (who === 'anonymous' ? SIGNED_OUT : accounts[who])
    let compared = 0
    for (const row of accessMatrix(audit).filter(row => !row.route.includes('*'))) {
      const routePattern = new RegExp(`^${row.route.replace(/:\w+/g, '[^/]+')}$`)
      for (const probe of probes.filter(probe => routePattern.test(probe.path) && (row.kind === 'page' ? probe.content : probe.method.toLowerCase() === row.method))) {
        for (const who of everyone) {
          const access = row.access[columnOf(who)]
          if (access === 'yes' || access === 'no') {
            expect(answer(after, probe, who).granted, `${cell(probe, who)}: the matrix says ${access}`).toBe(access === 'yes')
            compared++
          }
        }
      }
    }
    // Every probe but the two record-dependent PUTs (for signed-in editors and admins) was compared.
    expect(compared).toBe(probes.length * everyone.length - 2 * 3)
  })
})
