import { defineEventHandler, setResponseHeader } from 'h3'
import { assertOwnHost } from './host'

/**
 * Development only: the DevTools tab's page (also usable opened directly at /__rbac_devtools).
 * Plain HTML and a little script that polls the state endpoint: no framework, nothing to build.
 */
export default defineEventHandler((event) => {
  assertOwnHost(event)
  setResponseHeader(event, 'content-type', 'text/html; charset=utf-8')
  setResponseHeader(event, 'cache-control', 'no-store')
  return PAGE
})

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>nuxt-auth-rbac · access</title>
<style>
  :root { font-family: system-ui, sans-serif; color: #1b1b1f; background: #fff; font-size: 14px; }
  @media (prefers-color-scheme: dark) { :root { color: #e6e6ea; background: #151518; } code, .card { background: #202026 !important; } td, th { border-color: #33333b !important; } }
  body { margin: 0; padding: 1rem 1.25rem; }
  h1 { font-size: 1.15rem; margin: 0 0 .75rem; }
  h2 { font-size: .95rem; margin: 1.25rem 0 .4rem; text-transform: uppercase; letter-spacing: .04em; color: #6b6d76; }
  .card { background: #f5f6f8; border-radius: 8px; padding: .6rem .8rem; }
  code { background: #eef0f3; padding: 0 .3rem; border-radius: 4px; }
  table { border-collapse: collapse; width: 100%; }
  td, th { border-bottom: 1px solid #e3e4e8; padding: .3rem .5rem; text-align: left; vertical-align: top; }
  th { font-weight: 600; color: #6b6d76; }
  .yes { color: #1a7f37; } .no { color: #b42318; } .muted { color: #6b6d76; }
  .status { font-weight: 600; }
</style>
</head>
<body>
<h1>Access <span class="muted">· nuxt-auth-rbac</span></h1>
<div id="user" class="card" data-testid="rbac-user">Loading…</div>
<h2>Your last denials</h2>
<table data-testid="rbac-denials"><thead><tr><th>when</th><th>where</th><th>status</th><th>request</th><th>why</th></tr></thead><tbody id="denials"></tbody></table>
<h2>Policies</h2>
<table data-testid="rbac-policies"><thead><tr><th>policy</th><th>visitors</th><th>timeout</th><th>required by</th></tr></thead><tbody id="policies"></tbody></table>
<h2>Your CASL rules</h2>
<pre id="rules" class="card" data-testid="rbac-rules"></pre>
<h2>Who can reach what</h2>
<table data-testid="rbac-matrix"><thead id="matrix-head"></thead><tbody id="matrix"></tbody></table>
<p class="muted">✓ passes · refused · record: depends on the record (a record check, or a policy) · code: decided by the handler's own code · API key: a key (of a user with the role) is accepted there. Also: <code>npx nuxt-auth-rbac audit --matrix</code>.</p>
<script>
const escape = value => String(value).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]))
const SYMBOL = { yes: '<span class="yes">✓</span>', no: '<span class="no">·</span>', record: 'record', code: 'code' }
async function refresh() {
  const state = await fetch('/__rbac_devtools/state', { credentials: 'same-origin', cache: 'no-store' }).then(r => r.json())
  const user = state.user
  document.getElementById('user').innerHTML = user
    ? (user.via === 'api-key' ? 'API key <code>' + escape(user.apiKey) + '</code> of ' : 'Signed in (<span data-testid="rbac-source">' + escape(user.source + ', ' + user.from) + '</span>) as ') + '<code>' + escape(user.uid ?? '(no id)') + '</code> · roles <code data-testid="rbac-roles">' + escape(user.roles.join(', ') || 'none') + '</code> · effective <code>' + escape(user.effectiveRoles.join(', ') || 'none') + '</code>'
    : 'Signed out: no valid session cookie in this browser.'
  document.getElementById('rules').textContent = user ? JSON.stringify(user.rules, null, 2) : '—'
  document.getElementById('denials').innerHTML = state.denials.length
    ? state.denials.map(d => '<tr><td>' + escape(new Date(d.at).toLocaleTimeString()) + '</td><td>' + escape(d.where) + '</td><td class="status no">' + d.status + '</td><td><code>' + escape(d.method + ' ' + d.path) + '</code></td><td>' + (d.policy ? 'policy <code>' + escape(d.policy) + '</code>: ' : '') + escape(d.reason) + '</td></tr>').join('')
    : '<tr><td colspan="5" class="muted">None of yours since the server started.</td></tr>'
  document.getElementById('policies').innerHTML = state.policies.length
    ? state.policies.map(p => '<tr><td><code>' + escape(p.name) + '</code></td><td>' + (p.guests ? 'asked too' : '401') + '</td><td>' + escape(p.timeout) + ' ms</td><td>' + (p.routes.map(r => '<code>' + escape(r) + '</code>').join(' ') || '<span class="muted">no route requires it (allowsPolicy, or code the audit cannot read)</span>') + '</td></tr>').join('')
    : '<tr><td colspan="4" class="muted">None: the app has no server/rbac-policies.ts, or it defines none.</td></tr>'
  document.getElementById('matrix-head').innerHTML = '<tr><th></th><th>route</th>' + state.columns.map(r => '<th>' + escape(r) + '</th>').join('') + (state.apiKeys ? '<th>API key</th>' : '') + '</tr>'
  document.getElementById('matrix').innerHTML = state.matrix.map(row => '<tr><td class="muted">' + ({ page: 'page', websocket: 'WS', island: 'ISLAND' }[row.kind] || escape((row.method || 'all').toUpperCase())) + '</td><td><code>' + escape(row.route) + '</code></td>' + state.columns.map(r => '<td>' + (SYMBOL[row.access[r]] || '') + '</td>').join('') + (state.apiKeys ? '<td data-testid="rbac-api-key">' + (row.apiKeys ? SYMBOL.yes : SYMBOL.no) + '</td>' : '') + '</tr>').join('')
}
refresh()
setInterval(refresh, 1500)
</script>
</body>
</html>`
