import { isError } from 'h3'
import type { H3Event } from 'h3'
import type { RbacContext } from '../identity/caller'
import { RbacDependencyError } from '../faults'
import { PREFIX } from '../../shared/names'
import { createLogThrottle } from '../../shared/logging/log-throttle'
import { isDenial } from './define-policy'
import type { Policy } from './define-policy'

/** What a policy decided: allowed, or refused with the status the caller gets. */
export type PolicyOutcome
  = | { allowed: true }
    | { allowed: false, status: 401 | 403 | 404, reason: string | undefined, expose: boolean }

// One line per policy a minute about answers that are neither true, false nor deny().
const oddAnswers = createLogThrottle(60_000)

/**
 * Runs a policy for one request. Only `true` allows. A throw (other than an HTTP error the policy
 * threw on purpose, which is the answer) or no answer within its timeout is a fault: the caller
 * gets 503, never the handler. On timeout the policy's `signal` is aborted.
 */
export async function runPolicy(policy: Policy<string, unknown[]>, caller: RbacContext | null, event: H3Event, args: unknown[]): Promise<PolicyOutcome> {
  const controller = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new RbacDependencyError('policy', `'${policy.name}' did not answer within ${policy.timeout} ms`)
      controller.abort(error)
      reject(error)
    }, policy.timeout)
  })
  try {
    const answer = await Promise.race([
      Promise.resolve().then(() => policy.check({ caller, event, signal: controller.signal }, ...args)),
      timedOut,
    ])
    return outcomeOf(policy.name, answer, caller !== null)
  }
  catch (error) {
    if (error instanceof RbacDependencyError || isError(error)) {
      throw error
    }
    throw new RbacDependencyError('policy', `'${policy.name}' failed`, { cause: error })
  }
  finally {
    clearTimeout(timer)
  }
}

function outcomeOf(name: string, answer: unknown, signedIn: boolean): PolicyOutcome {
  if (answer === true) {
    return { allowed: true }
  }
  // Without a session, a refusal is 401 (signing in may help) unless the policy hides the record.
  const refused = signedIn ? 403 : 401
  if (isDenial(answer)) {
    return { allowed: false, status: answer.status === 404 ? 404 : refused, reason: answer.reason, expose: answer.expose === true }
  }
  if (answer !== false) {
    const line = oddAnswers.admit(name, `${PREFIX} policy '${name}' answered ${describe(answer)}: refused. A policy answers true, false or deny(…).`)
    if (line) {
      console.warn(line)
    }
  }
  return { allowed: false, status: refused, reason: undefined, expose: false }
}

function describe(answer: unknown): string {
  return answer === null ? 'null' : Array.isArray(answer) ? 'an array' : typeof answer === 'object' ? 'an object' : `${typeof answer} ${JSON.stringify(answer)}`.slice(0, 60)
}
