/**
 * routeRules patterns as Nitro's router (radix3) reads them: `**` (or `**:name`) covers the rest
 * of the path, nothing included; `*` and `:name` cover exactly one segment; everything else is a
 * literal segment. Literals are kept lower-cased: access rules ignore case, so a rule can only
 * ever cover more spellings than the router routes to its handler, never fewer.
 */

/** One segment of a compiled pattern: a lower-cased literal, ONE (`*`, `:id`) or REST (`**`). */
export type PatternSegment = string

export const ONE: PatternSegment = '\u0000one'
export const REST: PatternSegment = '\u0000rest'

/** Splits a routeRules key into pattern segments (empty segments and a trailing slash dropped). */
export function parsePattern(pattern: string): PatternSegment[] {
  const segments: PatternSegment[] = []
  for (const segment of pattern.split('/')) {
    if (segment === '') {
      continue
    }
    if (segment === '**' || segment.startsWith('**:')) {
      segments.push(REST)
      break
    }
    segments.push(segment === '*' || segment.startsWith(':') ? ONE : segment.toLowerCase())
  }
  return segments
}

/** Whether lower-cased path segments fall under a compiled pattern. */
export function matchesPattern(path: readonly string[], pattern: readonly PatternSegment[]): boolean {
  for (let index = 0; index < pattern.length; index++) {
    const expected = pattern[index]!
    if (expected === REST) {
      return true
    }
    if (index >= path.length || (expected !== ONE && expected !== path[index])) {
      return false
    }
  }
  return path.length === pattern.length
}

/**
 * `matchesPattern` for a lower-cased plain pathname (see isPlainPath), without splitting it: the
 * check every request pays, so it allocates nothing.
 */
export function pathnameMatchesPattern(pathname: string, pattern: readonly PatternSegment[]): boolean {
  const end = pathname.length > 1 && pathname.endsWith('/') ? pathname.length - 1 : pathname.length
  let position = 1
  for (const expected of pattern) {
    if (expected === REST) {
      return true
    }
    if (position >= end) {
      return false
    }
    let next = pathname.indexOf('/', position)
    if (next === -1 || next > end) {
      next = end
    }
    if (expected !== ONE && (next - position !== expected.length || !pathname.startsWith(expected, position))) {
      return false
    }
    position = next + 1
  }
  return position >= end
}

/** Whether some path falls under both patterns (for refusing rules that cannot be enforced). */
export function patternsOverlap(a: readonly PatternSegment[], b: readonly PatternSegment[]): boolean {
  for (let index = 0; ; index++) {
    const left = a[index]
    const right = b[index]
    if (left === REST || right === REST) {
      return true
    }
    if (left === undefined || right === undefined) {
      return left === right
    }
    if (left !== ONE && right !== ONE && left !== right) {
      return false
    }
  }
}

/** Whether every path under `inner` is also under `outer`. */
export function patternCovers(outer: readonly PatternSegment[], inner: readonly PatternSegment[]): boolean {
  for (let index = 0; ; index++) {
    const o = outer[index]
    const i = inner[index]
    if (o === REST) {
      return true
    }
    if (o === undefined || i === undefined) {
      return o === i
    }
    if (i === REST || (o !== ONE && (i === ONE || o !== i))) {
      return false
    }
  }
}
