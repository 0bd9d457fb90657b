/**
 * Development only (registered only by `nuxi dev`): the last denials, for the DevTools tab. Kept
 * for the developer to read, never consulted by a decision. Each denial belongs to the viewer who
 * was denied (see ./viewer) and is shown to that viewer only.
 */
export interface Denial {
  at: string
  /** Where it was decided: a server guard, or the page guard in the browser. */
  where: 'server' | 'page'
  status: number
  method: string
  /** The path only: query strings and fragments carry tokens, so they are never kept. */
  path: string
  reason: string
  /** The policy that refused (`requirePolicy`), when one did. */
  policy?: string
}

const PER_VIEWER = 50
const VIEWERS = 100
const TEXT_LIMIT = 300

// Map order is insertion order: a viewer moves to the end when denied, so the first one is the
// one denied longest ago, dropped first once there are too many.
const denials = new Map<string, Denial[]>()

export function recordDenial(viewer: string, denial: Omit<Denial, 'at'>): void {
  const list = denials.get(viewer) ?? []
  denials.delete(viewer)
  denials.set(viewer, list)
  list.unshift({
    at: new Date().toISOString(),
    where: denial.where,
    status: denial.status,
    method: denial.method.slice(0, 16),
    path: pathOnly(denial.path),
    reason: denial.reason.slice(0, TEXT_LIMIT),
    ...(denial.policy === undefined ? {} : { policy: denial.policy.slice(0, TEXT_LIMIT) }),
  })
  list.length = Math.min(list.length, PER_VIEWER)
  for (const oldest of denials.keys()) {
    if (denials.size <= VIEWERS) {
      break
    }
    denials.delete(oldest)
  }
}

/** The last denials of any of these viewers (one person signed in and in this browser), newest first. */
export function denialsOf(viewers: readonly string[]): Denial[] {
  return viewers.flatMap(viewer => denials.get(viewer) ?? [])
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
    .slice(0, PER_VIEWER)
}

/** `/a/b?token=x#y` → `/a/b`; anything that is not a path is not kept either. */
export function pathOnly(value: string): string {
  const path = value.split(/[?#]/, 1)[0]!
  return path.startsWith('/') ? path.slice(0, TEXT_LIMIT) : '?'
}

/** A denial the page guard reported, from its untrusted body: `{ path, status, reason }`. */
export function reportedDenial(body: unknown): Omit<Denial, 'at'> | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return undefined
  }
  const { path, status, reason } = body as Record<string, unknown>
  if (typeof path !== 'string') {
    return undefined
  }
  return { where: 'page', status: status === 401 ? 401 : 403, method: 'GET', path, reason: typeof reason === 'string' ? reason : 'forbidden' }
}
