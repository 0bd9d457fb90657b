import { isError } from 'h3'
import type { H3Event } from 'h3'
import { getRbac } from './rbac'
import type { RbacContext } from '../identity/caller'
import { policyNamed } from '../policies/registry'
import { runPolicy } from '../policies/run-policy'
import type { PolicyOutcome } from '../policies/run-policy'
import type { PolicyArgs, PolicyName } from '../policies/policy-types'
import { RbacDependencyError, faultReason, logDependencyFault } from '../faults'
import { refusal, unavailable } from '../http/errors'
import { reportDecision, reportingFaults, whoCalled } from '../decision-log'

export { definePolicy, deny } from '../policies/define-policy'
export type { PolicyContext, PolicyDenial, PolicyOptions, PolicyResult } from '../policies/define-policy'
export type { PolicyArgs, PolicyName } from '../policies/policy-types'

/**
 * Runs the policy `name` from `server/rbac-policies.ts` with the arguments, and throws unless it
 * allows: 401 without a valid session (unless the policy takes guests), 403 (or the policy's
 * `deny(…, { status: 404 })`) when it refuses, 503 when it throws or times out. Returns the caller
 * (null for a visitor a guest policy let through).
 * @example
 * const post = await findPost(id)
 * await requirePolicy(event, 'post.publish', post)
 */
export async function requirePolicy<Name extends PolicyName>(event: H3Event, name: Name, ...args: PolicyArgs<Name>): Promise<RbacContext | null> {
  const { caller, outcome } = await decide(event, name, args)
  if (outcome.allowed) {
    reportDecision(event, 'allow', () => ({ status: 200, guard: 'util', requirement: `policy ${name}`, ...(caller ? whoCalled(caller) : {}) }))
    return caller
  }
  reportDecision(event, 'deny', () => ({ status: outcome.status, guard: 'util', requirement: `policy ${name}`, unmet: caller ? 'policy' : 'session', ...(caller ? whoCalled(caller) : {}) }))
  // Which policy refused, for the DevTools tab in development (runtime/server/devtools/record-denials.ts).
  event.context.rbacPolicyRefusal = name
  throw refusal(outcome.status, outcome.reason ?? `policy '${name}' refused`, outcome.expose)
}

/**
 * Whether the policy allows it: false when it refuses, and when it throws or times out (logged).
 * Without a valid session, false unless the policy takes guests.
 */
export async function allowsPolicy<Name extends PolicyName>(event: H3Event, name: Name, ...args: PolicyArgs<Name>): Promise<boolean> {
  try {
    return (await decide(event, name, args)).outcome.allowed
  }
  catch (error) {
    // A 503 (a fault), or an HTTP error the policy threw as its answer: either way, not allowed.
    if (isError(error)) {
      return false
    }
    throw error
  }
}

async function decide(event: H3Event, name: string, args: unknown[]): Promise<{ caller: RbacContext | null, outcome: PolicyOutcome }> {
  const policy = policyNamed(name)
  const caller = await reportingFaults(event, getRbac(event), () => `policy ${name}`)
  if (!caller && !policy.guests) {
    return { caller, outcome: { allowed: false, status: 401, reason: 'no valid session', expose: false } }
  }
  try {
    return { caller, outcome: await runPolicy(policy, caller, event, args) }
  }
  catch (error) {
    if (error instanceof RbacDependencyError) {
      logDependencyFault(error)
      reportDecision(event, 'deny', () => ({ status: 503, guard: 'util', requirement: `policy ${name}`, unmet: 'dependency', ...(caller ? whoCalled(caller) : {}) }))
      throw unavailable(faultReason(error))
    }
    throw error
  }
}
