/**
 * The ways a server could read one request path. Nitro's router routes the path h3 decoded once
 * (`%2F` and `%25` kept encoded), split on `/` as it is: it does not resolve `.`/`..`, keeps `#`,
 * `;` and empty segments, and cuts at the first `?` — also one that came from `%3F`. A proxy in
 * front, or a later decoding, may read it otherwise. An access rule must hold under every reading.
 */

/** A character or shape after which the router and a rule could read the path differently. */
// Control characters are exactly what this looks for.
// eslint-disable-next-line no-control-regex
const AMBIGUOUS = /[%\\#?;\u0000-\u001F\u007F]|\/\/|\/\.{1,2}(?:\/|$)/

/** Above this many readings a path is refused rather than analysed further. */
const MAX_READINGS = 64

/** The path part of a request target (everything before the first `?`). */
export function pathnameOf(url: string): string {
  const query = url.indexOf('?')
  return query === -1 ? url : url.slice(0, query)
}

/** A path with a single reading: no percent-encoding, dot or empty segments, `\`, `#`, `;` or controls. */
export function isPlainPath(pathname: string): boolean {
  return pathname.startsWith('/') && !AMBIGUOUS.test(pathname)
}

/** What h3 1.15 makes of a pathname before routing: decoded once, `%2F` and `%25` kept, undecodable left as is. */
export function routedPathname(pathname: string): string {
  try {
    return decodeURIComponent(pathname.replace(/%25/g, '%2525').replace(/%2f/gi, '%252F'))
  }
  catch {
    return pathname
  }
}

/**
 * Every segment list the path may be read as: from each of the given texts, the texts reached by
 * decoding (whole, or segment by segment where a segment decodes), cutting at a `?` or `#`, and,
 * for each, the literal split (the router's) and a normalised one (`\` as `/`, empty and `.`
 * segments dropped, `..` resolved, `;` parameters and anything after a NUL cut). Undefined when there are too many.
 */
export function pathReadings(texts: readonly string[]): string[][] | undefined {
  const seen = new Set<string>()
  const queue: string[] = []
  const add = (text: string | undefined) => {
    if (text !== undefined && !seen.has(text)) {
      seen.add(text)
      queue.push(text)
    }
  }
  for (const text of texts) {
    add(text)
    add(absoluteFormPath(text))
  }
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (seen.size > MAX_READINGS) {
      return undefined
    }
    add(decodeWhole(next))
    add(decodeEachSegment(next))
    add(cutAt(next, '?'))
    add(cutAt(next, '#'))
  }
  const readings = new Map<string, string[]>()
  for (const text of seen) {
    for (const segments of [literalSegments(text), normalisedSegments(text), normalisedSegments(text, true)]) {
      readings.set(segments.join('/'), segments)
    }
  }
  return [...readings.values()]
}

/**
 * The path as written and after each round of decoding (segment by segment, so one bad escape
 * does not stop the rest), lower-cased. Every reading of the path is cut from one of these, so a
 * literal that occurs in none of them occurs in no reading.
 */
export function decodingStages(pathname: string): string[] {
  const stages = [pathname.toLowerCase()]
  for (let round = 0; round < 4; round++) {
    const next = decodeEachSegment(stages.at(-1)!)?.toLowerCase()
    if (next === undefined || next === stages.at(-1)) {
      break
    }
    stages.push(next)
  }
  return stages
}

/** Segments as radix3 splits them: on `/` only, empty and dot segments kept. */
function literalSegments(text: string): string[] {
  const segments = text.toLowerCase().split('/')
  if (segments[0] === '') {
    segments.shift()
  }
  if (segments.length > 0 && segments.at(-1) === '') {
    segments.pop()
  }
  return segments
}

/** Segments as a normalising proxy or file server would see them. */
function normalisedSegments(text: string, cutParameters = false): string[] {
  const segments: string[] = []
  for (const raw of text.toLowerCase().split(/[/\\]/)) {
    const segment = cutParameters ? raw.split(/[;\0]/, 1)[0]! : raw
    if (segment === '' || segment === '.') {
      continue
    }
    if (segment === '..') {
      segments.pop()
      continue
    }
    segments.push(segment)
  }
  return segments
}

/** A `%` not followed by two hex digits: decoding would throw (and throwing is slow). */
const MALFORMED_ESCAPE = /%(?![\da-f]{2})/i

function decodeWhole(text: string): string | undefined {
  if (!text.includes('%') || MALFORMED_ESCAPE.test(text)) {
    return undefined
  }
  try {
    return decodeURIComponent(text)
  }
  catch {
    return undefined
  }
}

function decodeEachSegment(text: string): string | undefined {
  if (!text.includes('%')) {
    return undefined
  }
  return text.split('/').map(segment => decodeWhole(segment) ?? segment).join('/')
}

function cutAt(text: string, mark: string): string | undefined {
  const index = text.indexOf(mark)
  return index === -1 ? undefined : text.slice(0, index)
}

/** `http://host/path` as a request target (absolute form) is routed by some servers on its path. */
function absoluteFormPath(text: string): string | undefined {
  if (text.startsWith('/')) {
    return undefined
  }
  try {
    return new URL(text).pathname
  }
  catch {
    return undefined
  }
}
