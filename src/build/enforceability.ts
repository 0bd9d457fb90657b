import { authEndpointPatterns } from '../runtime/shared/routes/auth-endpoints'
import { matchesPattern, ONE, parsePattern, patternCovers, patternsOverlap, REST } from '../runtime/shared/routes/route-pattern'
import type { RbacRouteRule } from '../runtime/shared/routes/route-rules'
import { PREFIX } from './options'

type RouteRules = Record<string, object | undefined>

/**
 * Route-rule options that Nitro acts on before any middleware runs, or that would let a shared
 * cache hand one user's guarded response to another, and why each defeats an `rbac` rule.
 */
const CONFLICTS: Record<string, string> = {
  proxy: 'Nitro forwards the request before any middleware runs. Guard a server route that forwards it (requireRole, then proxyRequest) instead',
  redirect: 'Nitro redirects before any middleware runs. Drop the redirect on guarded paths, or redirect from a guarded page or handler',
  swr: 'a shared cache would serve one user\'s guarded response to others (and CDNs may keep it). Cache data inside the handler, after the check, keyed by what it depends on',
  isr: 'a shared cache would serve one user\'s guarded response to others (and CDNs may keep it). Remove isr from guarded paths',
  cache: 'a shared cache would serve one user\'s guarded response to others (and CDNs may keep it). Cache data inside the handler, after the check, keyed by what it depends on',
  prerender: 'a prerendered page is served as a static file, before any middleware. Do not prerender guarded paths',
}

function isOn(value: unknown): boolean {
  return value !== undefined && value !== false && value !== null
}

/** Headers that tell a shared cache (a CDN, a proxy) it may keep a response. */
const CACHE_HEADERS = ['cache-control', 'cdn-cache-control', 'surrogate-control', 'cloudflare-cdn-cache-control', 'vercel-cdn-cache-control', 'netlify-cdn-cache-control', 'expires']

/**
 * A cache header a rule sets that would let a shared cache keep a guarded response (and the 401/403
 * too): anything but `private` or `no-store` (an `Expires` at all). Returns the header's name.
 */
export function sharedCacheHeader(headers: unknown): string | undefined {
  if (typeof headers !== 'object' || headers === null) {
    return undefined
  }
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase()
    if (!CACHE_HEADERS.includes(key)) {
      continue
    }
    const directives = String(value).toLowerCase().split(',').map(directive => directive.trim())
    if (key === 'expires' || !(directives.includes('no-store') || (key === 'cache-control' && directives.includes('private')))) {
      return name
    }
  }
  return undefined
}

/**
 * Refuses what an `rbac` rule cannot enforce, naming both rules and the fix: a rule whose paths
 * another rule (or the same one) proxies, redirects, caches, prerenders or marks shared-cacheable
 * in its `headers`, and a rule under
 * nuxt-auth's base path that covers one of nuxt-auth's own endpoints (nobody could sign in).
 */
export function assertEnforceable(rbacRules: readonly RbacRouteRule[], routeRules: RouteRules, authBasePath: string): void {
  for (const rule of rbacRules) {
    for (const [pattern, other] of Object.entries(routeRules)) {
      const conflict = Object.keys(CONFLICTS).find(key => isOn((other as Record<string, unknown> | undefined)?.[key]))
      if (conflict && patternsOverlap(rule.segments, parsePattern(pattern))) {
        const where = pattern === rule.pattern ? 'the same rule' : `routeRules['${pattern}']`
        throw new Error(`${PREFIX} routeRules['${rule.pattern}'].rbac cannot be enforced: ${where} sets ${conflict}, and ${CONFLICTS[conflict]}.`)
      }
      const header = sharedCacheHeader((other as { headers?: unknown } | undefined)?.headers)
      if (header && patternsOverlap(rule.segments, parsePattern(pattern))) {
        const where = pattern === rule.pattern ? 'the same rule' : `routeRules['${pattern}']`
        throw new Error(`${PREFIX} routeRules['${rule.pattern}'].rbac: ${where} sets the header ${header}: ${String((other as { headers: Record<string, unknown> }).headers[header])}, which lets a shared cache (a CDN) keep one user's guarded response, and its 401/403, for others. Remove it from guarded paths, or make it 'private, no-store'; guarded responses are sent with Cache-Control: private, no-store.`)
      }
    }
  }
  const baseSegments = parsePattern(authBasePath)
  const base = [...baseSegments, REST]
  for (const rule of rbacRules) {
    const endpoint = authEndpointPatterns(authBasePath).find(endpoint => patternsOverlap(rule.segments, endpoint))
    if (endpoint && patternCovers(base, rule.segments)) {
      const name = endpoint.slice(baseSegments.length).map(segment => segment === ONE ? ':provider' : segment).join('/')
      throw new Error(`${PREFIX} routeRules['${rule.pattern}'].rbac covers nuxt-auth's own endpoint ${authBasePath.replace(/\/$/, '')}/${name}: nobody could sign in. Narrow the pattern to your own routes under ${authBasePath}.`)
    }
  }
}

/**
 * Refuses a rule over files in `public/`: Nitro serves them before any middleware, so the rule
 * would do nothing. `publicFiles` are URL paths (`/docs/report.pdf`).
 */
export function assertNoPublicFiles(rbacRules: readonly RbacRouteRule[], publicFiles: readonly string[]): void {
  for (const file of publicFiles) {
    const segments = file.toLowerCase().split('/').filter(Boolean)
    const rule = rbacRules.find(candidate => matchesPattern(segments, candidate.segments))
    if (rule) {
      throw new Error(`${PREFIX} routeRules['${rule.pattern}'].rbac covers ${file}, a file in public/ that Nitro serves before any middleware: the rule cannot protect it. Move the file out of public/ and serve it from a guarded server route.`)
    }
  }
}
