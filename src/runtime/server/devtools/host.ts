import { networkInterfaces } from 'node:os'
import { createError, getRequestHeader } from 'h3'
import type { H3Event } from 'h3'
import { useRuntimeConfig } from '#imports'

/** What src/build/devtools.ts passes in `runtimeConfig.rbac.devtools`. */
export interface DevtoolsConfig {
  auditFile?: string
  /** The dev server's own host names besides loopback: configured, listened on, allowed by nuxi for Vite. */
  hosts?: string[]
}

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]']
const WILDCARD = new Set(['', '0.0.0.0', '[::]'])
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/i

export function useDevtoolsConfig(): DevtoolsConfig {
  return (useRuntimeConfig().rbac as { devtools?: DevtoolsConfig } | undefined)?.devtools ?? {}
}

/**
 * Whether the request's `Host` names this dev server. A page on another site whose domain was
 * made to resolve to 127.0.0.1 (DNS rebinding) sends its own domain as `Host`, so it is refused
 * even though the browser treats it as same-origin.
 */
export function isOwnHost(event: H3Event): boolean {
  const match = HOST_HEADER.exec(getRequestHeader(event, 'host') ?? '')
  if (!match) {
    return false
  }
  const name = match[1]!.toLowerCase()
  const { exact, suffixes } = ownHosts()
  return exact.has(name) || suffixes.some(suffix => name.endsWith(suffix))
}

/** Throws 403 unless the request's `Host` names this dev server. */
export function assertOwnHost(event: H3Event): void {
  if (!isOwnHost(event)) {
    throw createError({ statusCode: 403, statusMessage: 'Forbidden', data: { reason: 'not this dev server\'s host' } })
  }
}

let prepared: { exact: ReadonlySet<string>, suffixes: readonly string[] } | undefined

function ownHosts(): { exact: ReadonlySet<string>, suffixes: readonly string[] } {
  if (!prepared) {
    const exact = new Set(LOOPBACK)
    const suffixes: string[] = []
    for (const host of (useDevtoolsConfig().hosts ?? []).map(normalise)) {
      if (WILDCARD.has(host)) {
        // Listening on every interface: the machine's own addresses are its hosts.
        for (const address of Object.values(networkInterfaces()).flat()) {
          if (address) {
            exact.add(normalise(address.address))
          }
        }
      }
      else if (host.startsWith('.')) {
        // Vite's notation for a domain and its subdomains.
        exact.add(host.slice(1))
        suffixes.push(host)
      }
      else {
        exact.add(host)
      }
    }
    prepared = { exact, suffixes }
  }
  return prepared
}

function normalise(host: string): string {
  const name = host.trim().toLowerCase()
  return name.includes(':') && !name.startsWith('[') ? `[${name}]` : name
}
