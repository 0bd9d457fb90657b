/**
 * Canonical form of a request path for matching access rules, so that no spelling of a
 * protected path slips past its rule: percent-encoding is decoded (repeatedly, for double
 * encoding), backslashes count as slashes, runs of slashes collapse, dot segments resolve,
 * the trailing slash goes and letters are lower-cased. The query string is dropped.
 *
 * Returns undefined for a path that cannot be decoded; the caller must deny it.
 */
export function canonicalPath(rawPath: string): string | undefined {
  let path = rawPath.split(/[?#]/, 1)[0] ?? ''
  for (let round = 0; round < 4 && path.includes('%'); round++) {
    try {
      path = decodeURIComponent(path)
    }
    catch {
      return undefined
    }
  }
  if (path.includes('%')) {
    return undefined
  }
  const segments: string[] = []
  for (const segment of path.replace(/\\/g, '/').split('/')) {
    if (segment === '' || segment === '.') {
      continue
    }
    if (segment === '..') {
      segments.pop()
      continue
    }
    segments.push(segment.toLowerCase())
  }
  return `/${segments.join('/')}`
}
