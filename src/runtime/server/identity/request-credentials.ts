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
  /** A websocket upgrade: no CORS stands between a page and what the socket says (see cookieFromThisOrigin). */
  websocket: boolean
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
    websocket: false,
  }
}

/** A websocket upgrade: a GET, but one whose cookie-borne credential must come from this origin (see cookieFromThisOrigin). */
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
    websocket: true,
  }
}

/**
 * Whether a cookie that came with this request came from a page of this origin. A SameSite=lax
 * cookie reaches this server from a sibling subdomain too (same-site is not same-origin), and the
 * browser sends it with a form POST, or a websocket handshake, that a page there starts. Browsers say
 * where a request comes from: `Sec-Fetch-Site` (decisive when sent: it does not depend on a `Host`
 * header a proxy may rewrite), else `Origin` — which a browser sends with every websocket handshake
 * and every cross-origin POST — equal to this origin. A client that sends neither is not a browser a
 * page could have steered. `Sec-Fetch-Site: none` (the user's own navigation) counts for a request,
 * never for an upgrade, which only a page's script can start.
 *
 * A websocket needs this even though its handshake is a GET: CORS does not cover websockets, so a
 * page of another origin reads everything the socket says (cross-site websocket hijacking), where
 * it could never read the answer to a GET.
 */
export function cookieFromThisOrigin(credentials: RequestCredentials): boolean {
  const { fetchSite, origin, host } = credentials
  if (fetchSite !== undefined) {
    return fetchSite === 'same-origin' || (fetchSite === 'none' && !credentials.websocket)
  }
  if (origin !== undefined) {
    return host !== undefined && origin === `${credentials.https ? 'https' : 'http'}://${host}`
  }
  return true
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
