/**
 * What this server last read from the `rbac` store, kept while a push channel promises to say
 * when any of it changes. Safe only under three rules:
 * - nothing is served from here unless the channel is trusted (subscribed, and heard from recently);
 * - a read that started before a change was announced never stores its (possibly older) answer;
 * - a copy older than `maxAgeMs` is read again regardless.
 * Bounded: past `maxEntries` the oldest copies are dropped (and simply read again).
 */
export interface LocalCopies {
  /** The kept values of these keys, or undefined when any of them must be read from the store. */
  lookup: (keys: readonly string[], maxAgeMs: number) => unknown[] | undefined
  /** A ticket to take before reading the store: `keep` ignores answers read before a later change. */
  ticket: () => number
  keep: (ticket: number, keys: readonly string[], values: readonly unknown[]) => void
  /** A key changed (announced by the channel, or written here): its copy is dropped. */
  changed: (key: string) => void
  /** The channel can no longer be trusted (or was just (re)subscribed): every copy is dropped. */
  forgetAll: () => void
}

interface Copy {
  value: unknown
  readAt: number
}

export function createLocalCopies(maxEntries = 50_000): LocalCopies {
  const copies = new Map<string, Copy>()
  // Bumped by every change and every reset: a read that saw another number may be out of date.
  let changes = 0
  return {
    lookup(keys, maxAgeMs) {
      const now = Date.now()
      const values: unknown[] = []
      for (const key of keys) {
        const copy = copies.get(key)
        if (!copy || now - copy.readAt >= maxAgeMs) {
          return undefined
        }
        values.push(copy.value)
      }
      return values
    },
    ticket: () => changes,
    keep(ticket, keys, values) {
      if (ticket !== changes) {
        return
      }
      const readAt = Date.now()
      keys.forEach((key, index) => {
        copies.delete(key)
        copies.set(key, { value: values[index], readAt })
      })
      while (copies.size > maxEntries) {
        copies.delete(copies.keys().next().value!)
      }
    },
    changed(key) {
      changes++
      copies.delete(key)
    },
    forgetAll() {
      changes++
      copies.clear()
    },
  }
}
