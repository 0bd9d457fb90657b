import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { accessMatrix, matrixColumns } from './runtime/shared/audit/matrix'
import type { RbacAudit } from './runtime/shared/audit/types'
import { auditTable, matrixTable } from './build/audit/table'

/**
 * `npx nuxt-auth-rbac audit [--matrix] [--json]`, in an app's folder: who can reach what, from
 * `.nuxt/rbac-audit.json` (written by every build, `nuxi prepare` and `nuxi dev`; made here with
 * `nuxi prepare` when missing).
 */
export function main(argv: string[], cwd = process.cwd()): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { matrix: { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
  })
  if (values.help || positionals[0] !== 'audit') {
    console.log('Usage: npx nuxt-auth-rbac audit [--matrix] [--json]\n  --matrix  which roles pass which pages and API routes\n  --json    machine-readable, for CI diffs')
    return values.help ? 0 : 1
  }
  const file = join(cwd, '.nuxt', 'rbac-audit.json')
  if (!existsSync(file)) {
    console.error('[nuxt-auth-rbac] No .nuxt/rbac-audit.json yet: running nuxi prepare…')
    const prepared = spawnSync('npx', ['nuxi', 'prepare'], { cwd, stdio: ['ignore', 'ignore', 'inherit'] })
    if (prepared.status !== 0) {
      console.error(`[nuxt-auth-rbac] nuxi prepare failed (${prepared.error ? prepared.error.message : `exit ${prepared.status}`}); its output is above. Run it yourself, then the audit again.`)
      return 1
    }
    if (!existsSync(file)) {
      console.error('[nuxt-auth-rbac] nuxi prepare ran but wrote no .nuxt/rbac-audit.json: is nuxt-auth-rbac in this app\'s modules?')
      return 1
    }
  }
  const audit = JSON.parse(readFileSync(file, 'utf8')) as RbacAudit
  const matrix = values.matrix ? accessMatrix(audit) : undefined
  if (values.json) {
    console.log(JSON.stringify(matrix ? { columns: matrixColumns(audit), matrix } : audit, null, 2))
  }
  else {
    console.log(matrix ? matrixTable(audit, matrix) : auditTable(audit))
  }
  return 0
}
