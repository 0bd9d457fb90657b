/**
 * Development only (registered only by `nuxi dev`): the last denials, for the DevTools tab. Kept
 * for the developer to read, never consulted by a decision.
 */
export interface Denial {
  at: string
  /** Where it was decided: a server guard, or the page guard in the browser. */
  where: 'server' | 'page'
  status: number
  method: string
  path: string
  reason: string
}

const MAX = 50
const denials: Denial[] = []

export function recordDenial(denial: Omit<Denial, 'at'>): void {
  denials.unshift({ at: new Date().toISOString(), ...denial })
  denials.length = Math.min(denials.length, MAX)
}

export function recentDenials(): readonly Denial[] {
  return denials
}
