import { readFile } from 'node:fs/promises'
import { defineEventHandler, setResponseHeader } from 'h3'
import { accessMatrix, matrixColumns } from '../../shared/audit/matrix'
import type { RbacAudit } from '../../shared/audit/types'
import { getRbac } from '../utils/rbac'
import { policyNamed, policyNames } from '../policies/registry'
import type { AnyRbacContext } from '../identity/caller'
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
  // With rbac.apiKeys, which routes a key can reach at all (the audit's `accepts`).
  const keyRoutes = new Set(audit?.api.filter(route => route.accepts?.includes('api-key')).map(route => `${route.method ?? 'all'} ${route.route}`))
  return {
    user: rbac ? { uid: rbac.uid ?? null, via: rbac.via, source: rbac.source, from: rbac.from, apiKey: (rbac as AnyRbacContext).apiKey?.name ?? null, roles: rbac.roles, effectiveRoles: rbac.effectiveRoles, rules: rbac.ability.rules } : null,
    columns: audit ? matrixColumns(audit) : [],
    apiKeys: audit?.api.some(route => route.accepts !== undefined) ?? false,
    matrix: audit ? accessMatrix(audit).map(row => ({ ...row, apiKeys: row.kind !== 'page' && keyRoutes.has(`${row.method ?? 'all'} ${row.route}`) })) : [],
    problems: audit?.problems ?? [],
    // The app's policies, and the routes whose handler requires each (as the audit read them).
    policies: policyNames().map((name) => {
      const { guests, timeout } = policyNamed(name)
      const routes = audit?.api.filter(route => route.guards.some(guard => guard.kind === 'policy' && guard.name === name)).map(route => `${(route.method ?? 'all').toUpperCase()} ${route.route}`) ?? []
      return { name, guests, timeout, routes }
    }),
    denials: denialsOf(viewers),
  }
})
