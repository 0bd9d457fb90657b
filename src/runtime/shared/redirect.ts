/**
 * A callback path that stays on this site: a single leading slash, no scheme, no `//host` or
 * `/\host` (browsers read both as another origin), no control characters. Anything else gives
 * the fallback.
 */
export function sameOriginPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return fallback
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001F\u007F]/.test(value) || value.includes('\\')) {
    return fallback
  }
  return value
}
