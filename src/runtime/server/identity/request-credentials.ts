import type { H3Event } from 'h3'
import { getRequestProtocol } from 'h3'

/**
 * What may identify the caller of a request, whatever carried it (an h3 event, a websocket
 * upgrade): the headers a source reads, and what the cross-site check of cookie-borne requests needs.
 */
export interface RequestCredentials {
  /** The Cookie header. */
  cookie: string | undefined
  /** A header by its lower-case name (the token header of the local source, `authorization` by default). */
  header: (name: string) => string | undefined
  /** Whether the request came over https (next-auth then names its cookie `__Secure-…`). */
  https: boolean
  /** The request method, upper case. */
  method: string
  /** The `Origin` header. */
  origin: string | undefined
  /** The `Sec-Fetch-Site` header. */
  fetchSite: string | undefined
  /** The `Host` header. */
  host: string | undefined
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

export function credentialsOfEvent(event: H3Event): RequestCredentials {
  const headers = event.node.req.headers
  return {
    cookie: headers.cookie,
    header: name => single(headers[name]),
    https: getRequestProtocol(event) === 'https',
    method: (event.node.req.method ?? 'GET').toUpperCase(),
    origin: single(headers.origin),
    fetchSite: single(headers['sec-fetch-site']),
    host: single(headers.host),
  }
}

/** A websocket upgrade is a GET: the cross-site check does not apply, the upgrade rules do. */
export function credentialsOfUpgrade(request: { url: string, headers: Headers }): RequestCredentials {
  const headers = request.headers
  return {
    cookie: headers.get('cookie') ?? undefined,
    header: name => headers.get(name) ?? undefined,
    https: request.url.startsWith('https:') || request.url.startsWith('wss:'),
    method: 'GET',
    origin: headers.get('origin') ?? undefined,
    fetchSite: headers.get('sec-fetch-site') ?? undefined,
    host: headers.get('host') ?? undefined,
  }
}

/** Whether the header names this scheme (matched without regard to case, as RFC 9110 says). */
export function hasScheme(header: string, scheme: string): boolean {
  return header.trimStart().split(/\s/, 1)[0]!.toLowerCase() === scheme.toLowerCase()
}

/**
 * The one credential after the scheme (`Bearer <token>`), or the whole trimmed header when the
 * scheme is empty; undefined for any other shape (no value, two values, another scheme).
 */
export function credentialAfterScheme(header: string, scheme: string): string | undefined {
  if (scheme === '') {
    return header.trim() || undefined
  }
  const [given, value, ...rest] = header.trim().split(/\s+/)
  return rest.length === 0 && given?.toLowerCase() === scheme.toLowerCase() && value ? value : undefined
}
