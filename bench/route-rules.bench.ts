import { bench, describe } from 'vitest'
import { authEndpointPatterns } from '../src/runtime/shared/routes/auth-endpoints'
import { parsePattern } from '../src/runtime/shared/routes/route-pattern'
import { compileRouteRules } from '../src/runtime/shared/routes/route-rules'

// What the route-rule check costs a request, by kind of path: most of an app's requests are
// plain paths no rule covers, and that is what every user of the module pays.
const rules = ['/api/admin/**', '/api/users/:id/secrets', '/api/reports/**'].map(pattern => ({ pattern, segments: parsePattern(pattern), rbac: { role: 'admin' } }))
const matcher = compileRouteRules(rules, authEndpointPatterns('/api/auth'))
const paths = {
  'page, first segment no rule has': '/blog/2024/hello-world',
  'API route under /api, uncovered': '/api/posts/7?expand=author',
  'API route, covered': '/api/admin/users',
  'percent-encoded, uncovered': '/blog/caf%C3%A9/100%25-off',
  'dot segments into a rule': '/api/public/../admin/users',
}

describe('route-rule match per request', () => {
  for (const [name, path] of Object.entries(paths)) {
    bench(name, () => {
      matcher.match(path, path)
    })
  }
})
