import type { H3Event } from 'h3'
import type { RbacContext } from '../identity/caller'
import { PREFIX } from '../../shared/names'

/** What a policy is given besides its arguments. */
export interface PolicyContext<Caller extends RbacContext | null = RbacContext> {
  /** Who asks: roles, uid, ability. Null only in a policy defined with `{ guests: true }`, for a visitor. */
  caller: Caller
  event: H3Event
  /** Aborted when the policy runs out of time: hand it to the database client or `fetch`. */
  signal: AbortSignal
}

/** A refusal with a status and a reason, from `deny()`. */
export interface PolicyDenial {
  readonly __rbacDenial: true
  readonly status: 403 | 404
  readonly reason: string | undefined
  /** Whether the reason may reach the client in production (`data.reason`). */
  readonly expose: boolean
}

/** What a policy answers: `true` allows; `false` or a `deny(…)` refuses. Anything else refuses too. */
export type PolicyResult = boolean | PolicyDenial

export interface PolicyOptions {
  /** Also asked for visitors without a valid session (`caller` is then null). @default false */
  guests?: boolean
  /** How long the policy may take (milliseconds) before the request answers 503. @default 2000 */
  timeout?: number
}

/**
 * A named, server-only check that may read data: the result of `definePolicy`. `Name` and `Args`
 * type `requirePolicy(event, name, …args)`.
 */
export interface Policy<Name extends string = string, Args extends unknown[] = never> {
  readonly __rbacPolicy: true
  readonly name: Name
  readonly guests: boolean
  readonly timeout: number
  readonly check: (context: PolicyContext<RbacContext | null>, ...args: Args) => PolicyResult | Promise<PolicyResult>
}

export const DEFAULT_POLICY_TIMEOUT = 2000

type Check<Caller extends RbacContext | null, Args extends unknown[]> = (context: PolicyContext<Caller>, ...args: Args) => PolicyResult | Promise<PolicyResult>

/**
 * Defines a policy: an async check with arguments, for what roles and abilities cannot say (a
 * membership to look up, a record's state). Export it from `server/rbac-policies.ts`; call it with
 * `requirePolicy(event, name, …args)`. A throw or a timeout refuses (503), never allows.
 * @example
 * export const publishPost = definePolicy('post.publish', async ({ caller }, post: Post) =>
 *   post.authorId === caller.uid && !post.locked ? true : deny('This post is locked', { expose: true }))
 */
export function definePolicy<Name extends string, Args extends unknown[]>(name: Name, check: Check<RbacContext, Args>, options?: PolicyOptions & { guests?: false }): Policy<Name, Args>
export function definePolicy<Name extends string, Args extends unknown[]>(name: Name, check: Check<RbacContext | null, Args>, options: PolicyOptions & { guests: true }): Policy<Name, Args>
export function definePolicy<Name extends string, Args extends unknown[]>(name: Name, check: Check<never, Args>, options: PolicyOptions = {}): Policy<Name, Args> {
  if (typeof name !== 'string' || name === '') {
    throw new TypeError(`${PREFIX} definePolicy() needs a name first: definePolicy('post.publish', async ({ caller }, post) => …)`)
  }
  if (typeof check !== 'function') {
    throw new TypeError(`${PREFIX} definePolicy('${name}', …) takes a function: async ({ caller, event, signal }, …args) => true | false | deny(…)`)
  }
  const timeout = options.timeout ?? DEFAULT_POLICY_TIMEOUT
  if (!Number.isFinite(timeout) || timeout <= 0) {
    throw new TypeError(`${PREFIX} definePolicy('${name}', …, { timeout }) must be a positive number of milliseconds, got ${String(timeout)}`)
  }
  return Object.freeze({ __rbacPolicy: true as const, name, guests: options.guests === true, timeout, check: check as Policy<Name, Args>['check'] })
}

export interface DenyOptions {
  /** 403 (the default), or 404 to answer as if the record did not exist. */
  status?: 403 | 404
  /** Let the reason reach the client in production; otherwise it is shown in development only. @default false */
  expose?: boolean
}

/**
 * A refusal with a reason, for a policy to return.
 * @example return deny('Invoices are locked after payment', { expose: true })
 * @example return deny(undefined, { status: 404 }) // strangers must not learn it exists
 */
export function deny(reason?: string, options: DenyOptions = {}): PolicyDenial {
  const status = options.status ?? 403
  if (status !== 403 && status !== 404) {
    throw new TypeError(`${PREFIX} deny(…, { status }) takes 403 or 404, got ${String(status)}`)
  }
  return Object.freeze({ __rbacDenial: true as const, status, reason: typeof reason === 'string' ? reason : undefined, expose: options.expose === true })
}

export function isPolicy(value: unknown): value is Policy<string, unknown[]> {
  return typeof value === 'object' && value !== null && (value as Policy).__rbacPolicy === true
}

export function isDenial(value: unknown): value is PolicyDenial {
  return typeof value === 'object' && value !== null && (value as PolicyDenial).__rbacDenial === true
}
