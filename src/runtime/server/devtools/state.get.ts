import { readFile } from 'node:fs/promises'
import { defineEventHandler } from 'h3'
import { accessMatrix, matrixColumns } from '../../shared/audit/matrix'
import type { RbacAudit } from '../../shared/audit/types'
import { getRbac } from '../utils/rbac'
import { useRuntimeConfig } from '#imports'
import { recentDenials } from './denials'

/** Development only: what the DevTools tab shows, for the caller of this request. */
export default defineEventHandler(async (event) => {
  const rbac = await getRbac(event).catch(() => null)
  const { auditFile } = (useRuntimeConfig().rbac as { devtools?: { auditFile?: string } } | undefined)?.devtools ?? {}
  const audit = auditFile ? await readFile(auditFile, 'utf8').then(text => JSON.parse(text) as RbacAudit).catch(() => undefined) : undefined
  return {
    user: rbac ? { uid: rbac.uid ?? null, roles: rbac.roles, effectiveRoles: rbac.effectiveRoles, rules: rbac.ability.rules } : null,
    columns: audit ? matrixColumns(audit) : [],
    matrix: audit ? accessMatrix(audit) : [],
    problems: audit?.problems ?? [],
    denials: recentDenials(),
  }
})
