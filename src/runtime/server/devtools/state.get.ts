import { readFile } from 'node:fs/promises'
import { defineEventHandler, setResponseHeader } from 'h3'
import { accessMatrix, matrixColumns } from '../../shared/audit/matrix'
import type { RbacAudit } from '../../shared/audit/types'
import { getRbac } from '../utils/rbac'
import { denialsOf } from './denials'
import { assertOwnHost, useDevtoolsConfig } from './host'
import { viewersOf } from './viewer'

/** Development only: what the DevTools tab shows, for the caller of this request. */
export default defineEventHandler(async (event) => {
  assertOwnHost(event)
  setResponseHeader(event, 'cache-control', 'no-store')
  const viewers = await viewersOf(event)
  const rbac = await getRbac(event).catch(() => null)
  const { auditFile } = useDevtoolsConfig()
  const audit = auditFile ? await readFile(auditFile, 'utf8').then(text => JSON.parse(text) as RbacAudit).catch(() => undefined) : undefined
  return {
    user: rbac ? { uid: rbac.uid ?? null, roles: rbac.roles, effectiveRoles: rbac.effectiveRoles, rules: rbac.ability.rules } : null,
    columns: audit ? matrixColumns(audit) : [],
    matrix: audit ? accessMatrix(audit) : [],
    problems: audit?.problems ?? [],
    denials: denialsOf(viewers),
  }
})
