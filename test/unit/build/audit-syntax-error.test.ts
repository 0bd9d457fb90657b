import { describe, expect, it } from 'vitest'
import { findGuards } from '../../../src/build/audit/guards'

// The audit reads every server handler; a file it cannot parse stops it, and the message must lead
// the user to the spot: `file:line:column`, as terminals and editors link it.
describe('a handler the audit cannot parse', () => {
  it('is named with the line and column of the error', () => {
    const code = `export default defineEventHandler(async (event) => {\n  await requireRole(event, 'admin')\n  const total = ;\n})\n`
    expect(() => findGuards(code, '/app/server/api/admin/stats.get.ts'))
      .toThrowError(/^\/app\/server\/api\/admin\/stats\.get\.ts:3:17: Unexpected token/)
  })

  it('counts columns as editors do, in UTF-16 code units, whatever the line endings', () => {
    const code = `// Grüße 😀\r\nexport default defineEventHandler(() => {\r\n  const label = 'é😀'; const total = ;\r\n})\r\n`
    expect(() => findGuards(code, 'server/api/open.get.ts')).toThrowError(/^server\/api\/open\.get\.ts:3:38: /)
  })

  it('is a SyntaxError', () => {
    expect(() => findGuards('export default defineEventHandler(() => {', 'a.ts')).toThrowError(SyntaxError)
  })
})
