import { isRecord } from '../is-record'

/**
 * Where role data sits in next-auth's session. `sessionRolePath: 'role'` gives the guide's shape
 * (`session.role`, `session.roles`, `session.uid`); `'user.role'` gives `session.user.role`,
 * `session.user.roles`, `session.user.uid`. `roles` and `uid` always sit beside the role.
 */
export interface SessionPaths {
  parent: string[]
  roleKey: string
}

const SEGMENT = /^[A-Z_$][\w$]*$/i
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor'])

/** Parses and validates a dot path; returns undefined when it is not a plain property path. */
export function parseSessionPath(path: string): SessionPaths | undefined {
  if (typeof path !== 'string') {
    return undefined
  }
  const segments = path.split('.')
  if (segments.some(segment => !SEGMENT.test(segment) || FORBIDDEN_SEGMENTS.has(segment))) {
    return undefined
  }
  const roleKey = segments.pop()!
  if (roleKey === 'roles' || roleKey === 'uid') {
    return undefined
  }
  return { parent: segments, roleKey }
}

/** The object that holds the role fields, or undefined when the path does not exist. */
export function readRoleHolder(session: unknown, paths: SessionPaths): Record<string, unknown> | undefined {
  let current: unknown = session
  for (const segment of paths.parent) {
    if (!isRecord(current) || !Object.hasOwn(current, segment)) {
      return undefined
    }
    current = current[segment]
  }
  return isRecord(current) ? current : undefined
}

/** The object that holds the role fields, created along the path when missing. */
export function ensureRoleHolder(session: Record<string, unknown>, paths: SessionPaths): Record<string, unknown> {
  let current = session
  for (const segment of paths.parent) {
    const next = Object.hasOwn(current, segment) ? current[segment] : undefined
    if (!isRecord(next)) {
      current[segment] = {}
    }
    current = current[segment] as Record<string, unknown>
  }
  return current
}
