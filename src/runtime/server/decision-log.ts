import type { H3Event } from 'h3'
import { PREFIX } from '../shared/names'
import { useRbacServerConfig } from './config'
import { useNitroApp } from 'nitropack/runtime'

/**
 * One authorisation decision, as the `rbac:decision` Nitro hook and the log line carry it. Who,
 * what, why, how they were identified, when — never a token, a cookie, a key or (unless the app
 * opts in) the query string.
 */
export interface RbacDecision {
  outcome: 'allow' | 'deny'
  /** 200 for an allow; the status of the denial otherwise. */
  status: 200 | 401 | 403 | 404 | 503
  /** Which guard decided: a server util (`requireRbac`, `requireRole`, `requireAbility`…), the route rules, a websocket upgrade. */
  guard: 'util' | 'route-rule' | 'websocket'
  method: string
  /** The request path, without the query string unless `rbac.decisionLog.query`. */
  path: string
  /** What was required, e.g. `role admin` or `can update Post`. */
  requirement?: string
  /** The route rule's pattern, for a route-rule decision. */
  rule?: string
  /** The part that was not met: `session`, `role`, `ability`, `via`, `policy`, or `dependency` (a 503). */
  unmet?: string
  /** The caller's user id, when there is a caller. */
  uid?: string
  /** How the caller was identified (`session`, `api-key`), and by which source. */
  via?: string
  source?: string
  /** The API key's id (never its secret), when a key called. */
  keyId?: string
  /** ISO time of the decision. */
  at: string
}

/** `rbac.decisionLog`, as the server keeps it. */
export interface DecisionLogSettings {
  /** Also write each decision as one JSON line on stdout. */
  log: boolean
  /** Share of allows reported (0 … 1); denials always are. */
  allows: number
  /** Keep the query string in `path`. */
  query: boolean
}

const HOOK = 'rbac:decision'

/**
 * Reports a decision to the `rbac:decision` hook and the log line, when either is on. `describe`
 * builds the decision only then: with nobody listening, a decision costs one lookup.
 */
export function reportDecision(event: H3Event | undefined, outcome: 'allow' | 'deny', describe: () => Omit<RbacDecision, 'outcome' | 'at' | 'method' | 'path'> & Partial<Pick<RbacDecision, 'method' | 'path'>>): void {
  const settings = useRbacServerConfig().decisionLog
  const hooks = useNitroApp().hooks
  const listening = hasListener(hooks)
  if (!listening && !settings.log) {
    return
  }
  if (outcome === 'allow' && !(settings.allows > 0 && Math.random() < settings.allows)) {
    return
  }
  const described = describe()
  const url = described.path ?? (event ? (event.node.req.originalUrl ?? event.node.req.url ?? '/') : '/')
  const decision: RbacDecision = {
    outcome,
    method: event?.node.req.method ?? 'GET',
    ...described,
    path: settings.query ? url : url.split('?', 1)[0]!,
    at: new Date().toISOString(),
  }
  if (settings.log) {
    console.info(JSON.stringify({ msg: 'rbac decision', ...decision }))
  }
  if (listening) {
    // A listener that fails changes no decision, and is said out loud.
    const callHook = hooks.callHook as unknown as (name: string, ...args: unknown[]) => Promise<unknown>
    callHook.call(hooks, HOOK, decision).catch((error: unknown) => {
      console.error(`${PREFIX} an rbac:decision listener failed:`, error)
    })
  }
}

function hasListener(hooks: unknown): boolean {
  const registered = (hooks as { _hooks?: Record<string, unknown[] | undefined> })._hooks
  // Without hookable's table to look in, assume someone listens: the report is built, never lost.
  return registered === undefined || (registered[HOOK]?.length ?? 0) > 0
}

/** Who a decision was about: the user id and how they were identified (never the credential). */
export function whoCalled(rbac: { uid: string | undefined, via: string, source: string, apiKey?: { id: string } }): Pick<RbacDecision, 'uid' | 'via' | 'source' | 'keyId'> {
  return { uid: rbac.uid, via: rbac.via, source: rbac.source, ...(rbac.apiKey ? { keyId: rbac.apiKey.id } : {}) }
}

/**
 * Awaits the caller; a 503 on the way (the store, the resolver or the identity provider failed) is
 * reported as a denial before it is thrown on.
 */
export async function reportingFaults<T>(event: H3Event, caller: Promise<T>, requirement: () => string): Promise<T> {
  try {
    return await caller
  }
  catch (error) {
    if ((error as { statusCode?: unknown } | null)?.statusCode === 503) {
      reportDecision(event, 'deny', () => ({ status: 503, guard: 'util', requirement: requirement(), unmet: 'dependency' }))
    }
    throw error
  }
}
