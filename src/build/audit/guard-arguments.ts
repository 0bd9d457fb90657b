import type { FoundGuard } from '../../runtime/shared/audit/types'
import { unwrap } from './ast'
import type { Node } from './ast'

/**
 * What a guard call asks for, read from its arguments where they are written literally.
 * `policyGuests` says whether the policy of a name takes guests, undefined when it is not known.
 */
export function readGuard(call: string, args: Node[], policyGuests?: (name: string) => boolean | undefined): FoundGuard {
  const dynamic: FoundGuard = { kind: 'dynamic', call }
  if (call === 'requireRole') {
    const roles = strings(args[0])
    const options = args[1] === undefined ? {} : literalObject(args[1])
    const all = options?.all
    return roles && options && (typeof all === 'boolean' || all === undefined) ? { kind: 'role', roles, all: all === true } : dynamic
  }
  if (call === 'requireAbility') {
    const action = string(args[0])
    const options = abilityOptions(args[2])
    if (action === undefined || !options) {
      return dynamic
    }
    const subject = string(args[1])
    const guests = options.guests ? { guests: true as const } : {}
    if (subject === undefined) {
      return { kind: 'record', action, ...guests }
    }
    return { kind: 'ability', action, subject, ...(options.field === undefined ? {} : { field: options.field }), ...guests }
  }
  if (call === 'requirePolicy') {
    const name = string(args[0])
    if (name === undefined) {
      return dynamic
    }
    const guests = policyGuests?.(name)
    return guests === undefined ? { kind: 'policy', name } : { kind: 'policy', name, guests }
  }
  const requirement = args[0] ? literalObject(args[0]) : undefined
  if (!requirement) {
    return dynamic
  }
  const found: FoundGuard = { kind: 'requirement' }
  if (requirement.role !== undefined) {
    if (!Array.isArray(requirement.role)) {
      return dynamic
    }
    found.role = requirement.role
  }
  if (requirement.all !== undefined) {
    found.all = requirement.all === true
  }
  if (requirement.via !== undefined) {
    found.via = requirement.via
  }
  if (requirement.can !== undefined) {
    if (!Array.isArray(requirement.can) || requirement.can.length < 2) {
      return requirement.can === RECORD ? { kind: 'record', action: '?' } : dynamic
    }
    found.can = requirement.can as [string, string, string?]
  }
  return found
}

const RECORD = Symbol('record')

/**
 * `requireAbility`'s fourth argument: a field (`'title'`), or options written literally
 * (`{ field, notFound, guests }`); undefined when it cannot be read, for it may let visitors through.
 */
function abilityOptions(wrapped: Node | undefined): { field?: string, guests: boolean } | undefined {
  const node = unwrap(wrapped)
  if (node === undefined) {
    return { guests: false }
  }
  const field = string(node)
  if (field !== undefined) {
    return { field, guests: false }
  }
  if (node.type !== 'ObjectExpression') {
    return undefined
  }
  const options: { field?: string, guests: boolean } = { guests: false }
  for (const property of node.properties as Node[]) {
    const key = property.type === 'Property' && !property.computed && property.kind === 'init' ? (property.key as Node) : undefined
    const name = key?.type === 'Identifier' ? key.name as string : string(key)
    const value = unwrap(property.value as Node | undefined)
    if (name === 'field' && string(value) !== undefined) {
      options.field = string(value)
    }
    else if ((name === 'guests' || name === 'notFound') && value?.type === 'Literal' && typeof value.value === 'boolean') {
      options.guests ||= name === 'guests' && value.value
    }
    else {
      return undefined
    }
  }
  return options
}

function string(wrapped: Node | undefined): string | undefined {
  const node = unwrap(wrapped)
  return node?.type === 'Literal' && typeof node.value === 'string' ? node.value : undefined
}

/** A role or a list of roles, written literally. */
function strings(wrapped: Node | undefined): string[] | undefined {
  const node = unwrap(wrapped)
  const one = string(node)
  if (one !== undefined) {
    return [one]
  }
  if (node?.type !== 'ArrayExpression') {
    return undefined
  }
  const values = (node.elements as Node[]).map(string)
  return values.every(value => value !== undefined) ? values as string[] : undefined
}

/** `{ role: …, all: …, can: [...], via: [...] }` with literal values; undefined for anything else. */
function literalObject(wrapped: Node): { role?: string[], all?: unknown, can?: unknown, via?: string[] } | undefined {
  const node = unwrap(wrapped)
  if (node?.type !== 'ObjectExpression') {
    return undefined
  }
  const result: { role?: string[], all?: unknown, can?: unknown, via?: string[] } = {}
  for (const property of node.properties as Node[]) {
    const key = property.type === 'Property' && !property.computed ? (property.key as Node) : undefined
    const name = key?.type === 'Identifier' ? key.name as string : string(key)
    if (!name) {
      return undefined
    }
    const value = unwrap(property.value as Node)!
    if (name === 'role') {
      const roles = strings(value)
      if (!roles) {
        return undefined
      }
      result.role = roles
    }
    else if (name === 'all') {
      if (value.type !== 'Literal' || typeof value.value !== 'boolean') {
        return undefined
      }
      result.all = value.value
    }
    else if (name === 'via') {
      const via = strings(value)
      if (!via) {
        return undefined
      }
      result.via = via
    }
    else if (name === 'can') {
      const elements = value.type === 'ArrayExpression' ? (value.elements as Node[]) : undefined
      const action = string(elements?.[0])
      const subject = string(elements?.[1])
      const field = elements?.[2] === undefined ? undefined : string(elements[2])
      if (action === undefined || (elements?.[2] !== undefined && field === undefined)) {
        // Not written literally: what it asks cannot be read, never "nothing".
        return undefined
      }
      result.can = subject !== undefined ? [action, subject, ...(field === undefined ? [] : [field])] : RECORD
    }
    else {
      return undefined
    }
  }
  return result
}
