/**
 * Keeps a flood of one kind of log line down to one line per window: the first occurrence is
 * written, the rest of the window is counted and reported with the next line written.
 */
export interface LogThrottle {
  /** The text to write for this occurrence (with the count of what was held back), or undefined to stay quiet. */
  admit: (kind: string, line: string, now?: number) => string | undefined
}

export function createLogThrottle(windowMs: number, maxKinds = 100): LogThrottle {
  const windows = new Map<string, { startedAt: number, held: number }>()
  return {
    admit(kind, line, now = Date.now()) {
      const current = windows.get(kind)
      if (current && now - current.startedAt < windowMs) {
        current.held++
        return undefined
      }
      if (!current && windows.size >= maxKinds) {
        windows.delete(windows.keys().next().value!)
      }
      windows.set(kind, { startedAt: now, held: 0 })
      const held = current?.held ?? 0
      return held > 0 ? `${line} (${held} more like it in the last ${Math.round(windowMs / 1000)} s)` : line
    },
  }
}
