/** The session cookie's value from a Cookie header: the cookie itself or its numbered chunks. */
export function sessionCookieValue(header: string | undefined, name: string): string | undefined {
  if (!header || !header.includes(name)) {
    return undefined
  }
  let value = ''
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=')
    const key = pair.slice(0, separator === -1 ? undefined : separator).trim()
    if (separator !== -1 && (key === name || (key.startsWith(`${name}.`) && /^\d+$/.test(key.slice(name.length + 1))))) {
      value += pair.slice(separator + 1).trim()
    }
  }
  return value || undefined
}

/** One cookie's value, as nuxt-auth's `useCookie` wrote it (URI-encoded). */
export function uriEncodedCookieValue(header: string | undefined, name: string): string | undefined {
  if (!header || !header.includes(name)) {
    return undefined
  }
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=')
    if (separator !== -1 && pair.slice(0, separator).trim() === name) {
      const raw = pair.slice(separator + 1).trim()
      try {
        return decodeURIComponent(raw) || undefined
      }
      catch {
        return undefined
      }
    }
  }
  return undefined
}
