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

const api = (route: string, method: string | null, file: string, extra: Record<string, unknown>) =>
  ({ route, method, file, rules: [], partialRules: [], guards: [], ...extra })

describe('npx nuxt-auth-rbac audit', () => {
  it('prepares the app when needed and reports every page and server route, exactly', async () => {
    rmSync(`${app}/.nuxt/rbac-audit.json`, { force: true })
    const { code, stdout, stderr } = await audit('--json')
    expect(code, stderr).toBe(0)
    expect(stderr).toContain('running nuxi prepare')
    const report = JSON.parse(stdout)
    expect(report.roles).toEqual(['admin', 'viewer'])
    expect(report.pages).toEqual([
      { path: '/admin', file: 'app/pages/admin.vue', requirements: [{ role: 'admin' }] },
      { path: '/constant', file: 'app/pages/constant.vue', requirements: [], unreadable: true },
      { path: '/reports', file: 'app/pages/reports.vue', requirements: [{ can: ['read', 'Report'] }] },
      { path: '/', file: 'app/pages/index.vue', requirements: [] },
    ])
    expect(report.api).toEqual([
      api('/api/admin/stats', 'get', 'server/api/admin/stats.get.ts', { rules: [{ pattern: '/api/admin/**', rbac: { role: ['admin'] } }], status: 'guarded' }),
      api('/api/auth/**', null, 'server/api/auth/[...].ts', { status: 'auth' }),
      api('/api/auth/users', 'get', 'server/api/auth/users.get.ts', { status: 'unguarded' }),
      api('/api/health', 'get', 'server/api/health.get.ts', { status: 'public' }),
      api('/api/leak', 'get', 'server/api/leak.get.ts', { status: 'unguarded' }),
      api('/api/maybe', 'get', 'server/api/maybe.get.ts', { guards: [{ kind: 'ineffective', call: 'requireRole', why: NOT_AWAITED }], status: 'unguarded' }),
      api('/api/reports', 'get', 'server/api/reports.get.ts', { guards: [{ kind: 'role', roles: ['viewer'], all: false }], status: 'guarded' }),
      api('/api/reports/:id', 'put', 'server/api/reports/[id].put.ts', { guards: [{ kind: 'ability', action: 'update', subject: 'Report' }, { kind: 'record', action: 'update' }], status: 'guarded' }),
      api('/api/whoami', 'get', 'server/api/whoami.get.ts', { guards: [{ kind: 'custom', call: 'hasRole' }], status: 'unguarded' }),
    ])
    expect(report.problems).toEqual([
      { kind: 'unguarded', route: '/api/auth/users', method: 'get', file: 'server/api/auth/users.get.ts', detail: 'no route rule covers it and the handler calls no require… guard' },
      { kind: 'unguarded', route: '/api/leak', method: 'get', file: 'server/api/leak.get.ts', detail: 'no route rule covers it and the handler calls no require… guard' },
      { kind: 'unguarded', route: '/api/maybe', method: 'get', file: 'server/api/maybe.get.ts', detail: `calls requireRole (${NOT_AWAITED}): a request can get past it` },
      { kind: 'unguarded', route: '/api/whoami', method: 'get', file: 'server/api/whoami.get.ts', detail: 'checks with hasRole but never requires: make sure it throws' },
      { kind: 'unmatched-rule', pattern: '/api/adnim/**' },
    ])
  }, 60_000)

  it('--matrix: which role passes which route, abilities evaluated from the abilities file', async () => {
    const { stdout } = await audit('--matrix', '--json')
    const rows = Object.fromEntries((JSON.parse(stdout).matrix as Array<{ kind: string, route: string, method: string | null, access: unknown }>)
      .map(row => [`${row.kind === 'page' ? 'page' : row.method ?? 'all'} ${row.route}`, row.access]))
    expect(rows).toEqual({
      'page /admin': { 'admin': 'yes', 'viewer': 'no', '(signed out)': 'no' },
      'page /constant': { 'admin': 'code', 'viewer': 'code', '(signed out)': 'code' },
      'page /reports': { 'admin': 'yes', 'viewer': 'yes', '(signed out)': 'no' },
      'page /': { 'admin': 'yes', 'viewer': 'yes', '(signed out)': 'yes' },
      'get /api/admin/stats': { 'admin': 'yes', 'viewer': 'no', '(signed out)': 'no' },
      'all /api/auth/**': { 'admin': 'yes', 'viewer': 'yes', '(signed out)': 'yes' },
      'get /api/auth/users': { 'admin': 'yes', 'viewer': 'yes', '(signed out)': 'yes' },
      'get /api/health': { 'admin': 'yes', 'viewer': 'yes', '(signed out)': 'yes' },
      'get /api/leak': { 'admin': 'yes', 'viewer': 'yes', '(signed out)': 'yes' },
      'get /api/maybe': { 'admin': 'code', 'viewer': 'code', '(signed out)': 'code' },
      'get /api/reports': { 'admin': 'yes', 'viewer': 'yes', '(signed out)': 'no' },
      'put /api/reports/:id': { 'admin': 'record', 'viewer': 'record', '(signed out)': 'no' },
      'get /api/whoami': { 'admin': 'code', 'viewer': 'code', '(signed out)': 'code' },
    })
  })

  it('prints a table a reviewer can read, with the findings', async () => {
    const { stdout } = await audit()
    expect(stdout).toMatch(/GET\s+\/api\/leak\s+UNGUARDED/)
    expect(stdout).toMatch(/GET\s+\/api\/admin\/stats\s+routeRules\['\/api\/admin\/\*\*'\] one of: admin/)
    expect(stdout).toContain('routeRules[\'/api/adnim/**\'] matches no page or server route')
    const matrix = (await audit('--matrix')).stdout
    expect(matrix).toMatch(/page\s+\/admin\s+✓\s+·\s+·/)
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
