import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createApp, createError, createRouter, defineEventHandler, toPlainHandler } from 'h3'
import { authEndpointPatterns } from '../../../src/runtime/shared/routes/auth-endpoints'
import { parsePattern } from '../../../src/runtime/shared/routes/route-pattern'
import { compileRouteRules } from '../../../src/runtime/shared/routes/route-rules'
import type { RbacRouteRule } from '../../../src/runtime/shared/routes/route-rules'

const rule = (pattern: string): RbacRouteRule => ({ pattern, segments: parsePattern(pattern), rbac: { role: 'admin' } })
const rules = ['/api/admin/**', '/api/users/:id/secrets', '/api/auth/app-info', '/api/**'].map(rule)
const matcher = compileRouteRules(rules.slice(0, 3), authEndpointPatterns('/api/auth'))
const verdict = (url: string) => {
  const result = matcher.match(url, url)
  return result.kind === 'guarded' ? result.rules.map(covering => covering.pattern) : result.kind
}

describe('compileRouteRules', () => {
  it.each([
    ['/api/admin/users', ['/api/admin/**']],
    ['/API/Admin/', ['/api/admin/**']],
    ['/api/admin?x=/../public', ['/api/admin/**']],
    ['/api/%61dmin/users', ['/api/admin/**']],
    ['/api/users/7/secrets', ['/api/users/:id/secrets']],
    ['/api/auth/app-info', ['/api/auth/app-info']],
    ['/api/public/x', 'free'],
    ['/blog/100%25-off', 'free'],
    ['/api/public/%2e%2e/notes', 'free'],
    ['/api/admin/../public/x', 'ambiguous'],
    ['/api/admin/%2e%2E/public/x', 'ambiguous'],
    ['/api/admin%2f..%2fpublic/x', 'ambiguous'],
    ['/api/admin/..%5cpublic', 'ambiguous'],
    ['/api/public/../admin/users', 'ambiguous'],
    ['/api/%2561dmin/users', 'ambiguous'],
    ['/api/users/1%23/secrets', 'ambiguous'],
    ['/api/users/1%3F/secrets', 'ambiguous'],
    ['/api/users/1;x/secrets', 'ambiguous'],
    ['/api/users//secrets', 'ambiguous'],
    ['/api/admin%00/x', 'ambiguous'],
    ['/api/admin/%zz', 'ambiguous'],
    ['//api/admin', 'ambiguous'],
    ['http://evil/api/admin', 'ambiguous'],
  ])('%s → %j', (url, expected) => {
    expect(verdict(url)).toEqual(expected)
  })

  it('applies every covering rule', () => {
    const all = compileRouteRules(rules)
    expect(all.match('/api/admin/x', '/api/admin/x')).toMatchObject({ kind: 'guarded', rules: [{ pattern: '/api/admin/**' }, { pattern: '/api/**' }] })
  })

  it('lists each covering rule once, in configuration order, wildcard-first rules included', () => {
    const mixed = compileRouteRules(['/:tenant/admin/**', '/api/**', '/api/admin/**', '/docs/**'].map(rule))
    const result = mixed.match('/api/admin/x', '/api/admin/x')
    expect(result.kind === 'guarded' && result.rules.map(covering => covering.pattern)).toEqual(['/:tenant/admin/**', '/api/**', '/api/admin/**'])
  })

  it('lifts a broad rule from nuxt-auth\'s own endpoints only', () => {
    const broad = compileRouteRules([rule('/api/**')], authEndpointPatterns('/api/auth'))
    expect(broad.match('/api/auth/session', '/api/auth/session').kind).toBe('free')
    expect(broad.match('/api/auth/callback/credentials', '/api/auth/callback/credentials').kind).toBe('free')
    expect(broad.match('/api/auth/app-info', '/api/auth/app-info').kind).toBe('guarded')
    expect(broad.match('/api/auth/session/../../admin', '/api/auth/session/../../admin').kind).toBe('ambiguous')
  })

  it('without rules, everything is free', () => {
    expect(compileRouteRules([]).match('/api/%2e%2e', '/api/%2e%2e').kind).toBe('free')
  })
})

/**
 * The real thing in miniature: h3's app (which decodes the path) and router (radix3), with catch-all
 * and param handlers under protected prefixes, behind a middleware that refuses what the matcher
 * does not call free. Whatever path fast-check builds, no protected handler may answer it.
 */
describe('no path reaches a protected handler past the matcher', () => {
  const app = createApp()
  app.use(defineEventHandler((event) => {
    const result = matcher.match(event.node.req.originalUrl ?? '/', event.path)
    if (result.kind !== 'free') {
      throw createError({ statusCode: result.kind === 'ambiguous' ? 400 : 401 })
    }
  }))
  const router = createRouter()
    .add('/api/admin/**', defineEventHandler(() => 'PROTECTED admin'))
    .add('/api/users/:id/secrets', defineEventHandler(() => 'PROTECTED secrets'))
    .add('/api/auth/app-info', defineEventHandler(() => 'PROTECTED app-info'))
    .add('/api/auth/**', defineEventHandler(() => 'nuxt-auth'))
    .add('/api/public/**', defineEventHandler(() => 'public'))
    .add('/**', defineEventHandler(() => 'page'))
  app.use(router)
  const handle = toPlainHandler(app)

  const segment = fc.oneof(
    fc.constantFrom('api', 'API', 'admin', 'Admin', '%61dmin', '%2561dmin', 'users', '1', 'secrets', 'public', 'auth',
      'app-info', 'session', '..', '.', '%2e%2e', '%2E.', '.%2e', '%252e%252e', '', 'x%2f..', '%2f', '%5c', '\\', '..\\',
      '#', '%23', '?', '%3f', ';', 'a;b', '%00', '%25', '%', '%zz', '%C3%A9'),
    fc.stringMatching(/^[\w.%;#\\?-]{0,6}$/),
  )
  // Most paths start where the handlers are, so the walk spends its time near the boundaries.
  const start = fc.constantFrom('', '/api', '/api/admin', '/api/public', '/api/users', '/api/users/1', '/api/auth')
  const path = fc.tuple(start, fc.array(segment, { minLength: 1, maxLength: 6 }))
    .map(([prefix, parts]) => `${prefix}/${parts.join('/')}`)

  it('holds for random paths', async () => {
    await fc.assert(fc.asyncProperty(path, async (url) => {
      const response = await handle({ method: 'GET', path: url, headers: {} })
      const body = typeof response.body === 'string' ? response.body : new TextDecoder().decode(response.body as Uint8Array | undefined)
      expect(body, `${url} answered ${response.status}`).not.toContain('PROTECTED')
    }), { numRuns: 5000 })
  })

  it('still serves the protected handlers to plain paths, so the property is not vacuous', async () => {
    const open = createApp().use(router)
    const response = await toPlainHandler(open)({ method: 'GET', path: '/api/users/1/secrets', headers: {} })
    expect(String(response.body)).toContain('PROTECTED secrets')
  })
})
