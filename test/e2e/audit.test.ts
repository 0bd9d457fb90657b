import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { buildNuxt, loadNuxt } from '@nuxt/kit'
import { describe, expect, it } from 'vitest'
import { fixturePath } from './helpers/app'
import { runCommand } from './helpers/processes'

// `npx nuxt-auth-rbac audit` in an app's folder, on a fixture whose routes are each known:
// guarded by a rule or a guard, public on purpose, forgotten, and a mistyped rule.
const app = fixturePath('audit')
const bin = fileURLToPath(new URL('../../bin/nuxt-auth-rbac.mjs', import.meta.url))

function audit(...args: string[]) {
  return runCommand(process.execPath, [bin, 'audit', ...args], { cwd: app })
}

const NOT_AWAITED = 'not awaited every time: inside an if, a try, a loop or a callback, behind && or ?:, or without await'
const LOOKALIKE = 'not the module\'s: a const (destructured) of this name in the file'
const ELSEWHERE = 'not the module\'s: a function of this name elsewhere in the file, so Nuxt does not auto-import it'
const OVERRIDDEN_FACTORY = 'the handler is made by eventHandler, which is not h3\'s: its auto-import is not h3\'s (the app\'s own export of this name wins, or auto-imports are off)'
const OVERRIDDEN_READ = 'after getRequestFingerprint(event), code the audit does not know given the event, which may answer first'
const THROWS = 'after createError() with more than a literal status and message, which may answer first'

const api = (route: string, method: string | null, file: string, extra: Record<string, unknown>) =>
  ({ route, method, file, rules: [], partialRules: [], guards: [], ...extra })
const ws = (name: string, extra: Record<string, unknown>) => api(`/_ws/${name}`, null, `server/routes/_ws/${name}.ts`, { kind: 'websocket', ...extra })
const ineffective = (why: string) => ({ guards: [{ kind: 'ineffective', call: 'requireRole', why }], status: 'unguarded' })
const ADMIN = { guards: [{ kind: 'role', roles: ['admin'], all: false }], status: 'guarded' }
const NO_GUARD = 'no route rule covers it and the handler calls no require… guard'
const unguarded = (route: string, file: string, detail: string, method: string | null = 'get') => ({ kind: 'unguarded', route, method, file, detail })
const pastIt = (why: string) => `calls requireRole (${why}): a request can get past it`

describe('npx nuxt-auth-rbac audit', () => {
  it('prepares the app when needed and reports every page and server route, exactly', async () => {
    rmSync(`${app}/.nuxt/rbac-audit.json`, { force: true })
    const { code, stdout, stderr } = await audit('--json')
    expect(code, stderr).toBe(0)
    expect(stderr).toContain('running nuxi prepare')
    const report = JSON.parse(stdout)
    expect(report.roles).toEqual(['admin', 'viewer', 'editor', 'billing'])
    expect(report.pages).toEqual([
      { path: '/admin', file: 'app/pages/admin.vue', requirements: [{ role: 'admin' }] },
      { path: '/constant', file: 'app/pages/constant.vue', requirements: [], unreadable: true },
      { path: '/reports', file: 'app/pages/reports.vue', requirements: [{ can: ['read', 'Report'] }] },
      { path: '/', file: 'app/pages/index.vue', requirements: [] },
    ])
    const answerFirst = (name: string, extra: Record<string, unknown>) => api(`/api/answer-first/${name}`, 'get', `server/api/answer-first/${name}.get.ts`, extra)
    expect(report.api).toEqual([
      api('/api/admin/stats', 'get', 'server/api/admin/stats.get.ts', { rules: [{ pattern: '/api/admin/**', rbac: { role: ['admin'] } }], status: 'guarded' }),
      answerFirst('clean', ADMIN),
      answerFirst('elsewhere', ineffective(ELSEWHERE)),
      answerFirst('header', ineffective('after setResponseHeader(), which may answer first')),
      answerFirst('iterable', ineffective('after sendIterable(), which may answer first')),
      answerFirst('lookalike', ineffective(LOOKALIKE)),
      answerFirst('nested', ineffective(LOOKALIKE)),
      answerFirst('overridden-factory', ineffective(OVERRIDDEN_FACTORY)),
      answerFirst('overridden-read', ineffective(OVERRIDDEN_READ)),
      answerFirst('side-effect', ADMIN),
      answerFirst('static', ineffective('after serveStatic(), which may answer first')),
      answerFirst('throw', ineffective(THROWS)),
      api('/api/auth/**', null, 'server/api/auth/[...].ts', { status: 'auth' }),
      api('/api/auth/users', 'get', 'server/api/auth/users.get.ts', { status: 'unguarded' }),
      api('/api/finance', 'get', 'server/api/finance.get.ts', { guards: [{ kind: 'role', roles: ['editor', 'billing'], all: true }], status: 'guarded' }),
      api('/api/health', 'get', 'server/api/health.get.ts', { status: 'public' }),
      api('/api/leak', 'get', 'server/api/leak.get.ts', { status: 'unguarded' }),
      api('/api/maybe', 'get', 'server/api/maybe.get.ts', ineffective(NOT_AWAITED)),
      api('/api/reports', 'get', 'server/api/reports.get.ts', { guards: [{ kind: 'role', roles: ['viewer'], all: false }], status: 'guarded' }),
      api('/api/reports/:id', 'put', 'server/api/reports/[id].put.ts', { guards: [{ kind: 'ability', action: 'update', subject: 'Report' }, { kind: 'record', action: 'update' }], status: 'guarded' }),
      api('/api/whoami', 'get', 'server/api/whoami.get.ts', { guards: [{ kind: 'custom', call: 'hasRole' }], status: 'unguarded' }),
      ws('admin', { rules: [{ pattern: '/_ws/admin', rbac: { role: ['admin'] } }], status: 'guarded' }),
      ws('chat', { guards: [{ kind: 'requirement', role: ['viewer'], call: 'requireRbacUpgrade' }], status: 'guarded' }),
      ws('open', { status: 'unguarded' }),
    ])
    expect(report.combinations).toEqual([{ name: 'editor+billing', roles: ['editor', 'billing'], grants: ['editor', 'billing'], abilities: [] }])
    const answers = (name: string, why: string) => unguarded(`/api/answer-first/${name}`, `server/api/answer-first/${name}.get.ts`, pastIt(why))
    expect(report.problems).toEqual([
      answers('elsewhere', ELSEWHERE),
      answers('header', 'after setResponseHeader(), which may answer first'),
      answers('iterable', 'after sendIterable(), which may answer first'),
      answers('lookalike', LOOKALIKE),
      answers('nested', LOOKALIKE),
      answers('overridden-factory', OVERRIDDEN_FACTORY),
      answers('overridden-read', OVERRIDDEN_READ),
      {
        kind: 'side-effect-before-guard',
        route: '/api/answer-first/side-effect',
        method: 'get',
        file: 'server/api/answer-first/side-effect.get.ts',
        calls: ['db.query()'],
        detail: 'calls db.query() before its guard: anyone, signed in or not, makes it run',
      },
      answers('static', 'after serveStatic(), which may answer first'),
      answers('throw', THROWS),
      unguarded('/api/auth/users', 'server/api/auth/users.get.ts', NO_GUARD),
      unguarded('/api/leak', 'server/api/leak.get.ts', NO_GUARD),
      unguarded('/api/maybe', 'server/api/maybe.get.ts', pastIt(NOT_AWAITED)),
      unguarded('/api/whoami', 'server/api/whoami.get.ts', 'checks with hasRole but never requires: make sure it throws'),
      unguarded('/_ws/open', 'server/routes/_ws/open.ts', 'a websocket route: no route rule covers it and its upgrade hook does not await requireRbacUpgrade', null),
      { kind: 'unmatched-rule', pattern: '/api/adnim/**' },
    ])
  }, 60_000)

  it('--matrix: which role (or pair of roles asked together) passes which route, abilities evaluated from the abilities file', async () => {
    const { stdout } = await audit('--matrix', '--json')
    const { columns, matrix } = JSON.parse(stdout) as { columns: string[], matrix: Array<{ kind: string, route: string, method: string | null, access: Record<string, string> }> }
    expect(columns).toEqual(['admin', 'viewer', 'editor', 'billing', 'editor+billing', '(signed out)'])
    const rows = Object.fromEntries(matrix.map(row => [`${row.kind === 'page' ? 'page' : row.kind === 'websocket' ? 'ws' : row.method ?? 'all'} ${row.route}`, columns.map(column => row.access[column])]))
    const code = Array(6).fill('code')
    const everyone = Array(6).fill('yes')
    const admin = ['yes', 'no', 'no', 'no', 'no', 'no']
    const viewer = ['yes', 'yes', 'no', 'no', 'no', 'no']
    expect(rows).toEqual({
      'page /admin': admin,
      'page /constant': code,
      'page /reports': viewer,
      'page /': everyone,
      'get /api/admin/stats': admin,
      'get /api/answer-first/clean': admin,
      'get /api/answer-first/elsewhere': code,
      'get /api/answer-first/header': code,
      'get /api/answer-first/iterable': code,
      'get /api/answer-first/lookalike': code,
      'get /api/answer-first/nested': code,
      'get /api/answer-first/overridden-factory': code,
      'get /api/answer-first/overridden-read': code,
      'get /api/answer-first/side-effect': admin,
      'get /api/answer-first/static': code,
      'get /api/answer-first/throw': code,
      'all /api/auth/**': everyone,
      'get /api/auth/users': everyone,
      'get /api/finance': ['no', 'no', 'no', 'no', 'yes', 'no'],
      'get /api/health': everyone,
      'get /api/leak': everyone,
      'get /api/maybe': code,
      'get /api/reports': viewer,
      'put /api/reports/:id': ['record', 'record', 'no', 'no', 'no', 'no'],
      'get /api/whoami': code,
      'ws /_ws/admin': admin,
      'ws /_ws/chat': viewer,
      'ws /_ws/open': everyone,
    })
  })

  it('prints a table a reviewer can read, with the findings', async () => {
    const { stdout } = await audit()
    expect(stdout).toMatch(/GET\s+\/api\/leak\s+UNGUARDED/)
    expect(stdout).toMatch(/GET\s+\/api\/admin\/stats\s+routeRules\['\/api\/admin\/\*\*'\] one of: admin/)
    expect(stdout).toContain('routeRules[\'/api/adnim/**\'] matches no page or server route')
    expect(stdout).toMatch(/GET\s+\/api\/answer-first\/header\s+UNGUARDED \(requireRole, ineffective: after setResponseHeader\(\), which may answer first\)/)
    expect(stdout).toMatch(/GET\s+\/api\/answer-first\/side-effect\s+requireRole admin\n/)
    expect(stdout).toContain('side effect before the guard: /api/answer-first/side-effect (server/api/answer-first/side-effect.get.ts): calls db.query() before its guard')
    expect(stdout).toMatch(/WS\s+\/_ws\/chat\s+requireRbacUpgrade one of: viewer/)
    expect(stdout).toMatch(/WS\s+\/_ws\/open\s+UNGUARDED/)
    const matrix = (await audit('--matrix')).stdout
    expect(matrix).toMatch(/route\s+admin\s+viewer\s+editor\s+billing\s+editor\+billing\s+\(signed out\)/)
    expect(matrix).toMatch(/page\s+\/admin\s+✓\s+·\s+·\s+·\s+·\s+·/)
    expect(matrix).toMatch(/GET\s+\/api\/finance\s+·\s+·\s+·\s+·\s+✓\s+·/)
    expect(matrix).toMatch(/WS\s+\/_ws\/chat\s+✓\s+✓\s+·/)
    expect(matrix).toContain('editor+billing: a user holding exactly these roles')
  })

  it('rbac.audit.failOn stops a production build on what it lists', async () => {
    const nuxt = await loadNuxt({ cwd: app, dev: false, overrides: { rbac: { audit: { failOn: ['unmatched-rule'] } } } as never })
    try {
      await expect(buildNuxt(nuxt)).rejects.toThrow(/routeRules\['\/api\/adnim\/\*\*'\]\.rbac matches no page or server route[\s\S]*rbac\.audit\.failOn \(unmatched-rule\) stops the build/)
    }
    finally {
      await nuxt.close()
    }
  }, 120_000)
})
