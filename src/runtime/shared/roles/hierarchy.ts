/**
 * Role hierarchy: `{ admin: ['editor'], editor: ['viewer'] }` means an admin also holds
 * editor and viewer. Everything here is pure and runs both at build time (validation) and at
 * run time (expansion).
 */

export type Inherits = Readonly<Record<string, readonly string[]>>

/** Role → every role it grants, itself included. Plain JSON so it can travel in runtime config. */
export type Grants = Readonly<Record<string, readonly string[]>>

export type HierarchyProblem
  = | { kind: 'unknown-role', role: string, where: string }
    | { kind: 'cycle', path: string[] }

/** Finds what is wrong with a hierarchy: unknown names first, then the first cycle. */
export function findHierarchyProblem(roles: readonly string[], inherits: Inherits): HierarchyProblem | undefined {
  const known = new Set(roles)
  for (const [role, children] of Object.entries(inherits)) {
    if (!known.has(role)) {
      return { kind: 'unknown-role', role, where: `inherits key '${role}'` }
    }
    for (const child of children) {
      if (typeof child !== 'string' || !known.has(child)) {
        return { kind: 'unknown-role', role: String(child), where: `inherits.${role}` }
      }
    }
  }
  const cycle = findCycle(roles, inherits)
  return cycle ? { kind: 'cycle', path: cycle } : undefined
}

function findCycle(roles: readonly string[], inherits: Inherits): string[] | undefined {
  const done = new Set<string>()
  const visit = (role: string, trail: string[]): string[] | undefined => {
    const seenAt = trail.indexOf(role)
    if (seenAt !== -1) {
      return [...trail.slice(seenAt), role]
    }
    if (done.has(role)) {
      return undefined
    }
    const children = Object.hasOwn(inherits, role) ? inherits[role]! : []
    for (const child of children) {
      const cycle = visit(child, [...trail, role])
      if (cycle) {
        return cycle
      }
    }
    done.add(role)
    return undefined
  }
  for (const role of roles) {
    const cycle = visit(role, [])
    if (cycle) {
      return cycle
    }
  }
  return undefined
}

/** Expands a validated hierarchy into role → granted roles (transitively, itself first). */
export function expandHierarchy(roles: readonly string[], inherits: Inherits): Grants {
  // Keys are validated role names (never __proto__), and reads go through Object.hasOwn.
  const grants: Record<string, readonly string[]> = {}
  for (const role of roles) {
    const granted: string[] = []
    const pending = [role]
    while (pending.length > 0) {
      const next = pending.shift()!
      if (granted.includes(next)) {
        continue
      }
      granted.push(next)
      pending.push(...(Object.hasOwn(inherits, next) ? inherits[next]! : []))
    }
    grants[role] = granted
  }
  return grants
}

/** Every role the assigned roles grant, in a stable order without duplicates. */
export function effectiveRoles(assigned: readonly string[], grants: Grants): string[] {
  const effective = new Set<string>()
  for (const role of assigned) {
    for (const granted of Object.hasOwn(grants, role) ? grants[role]! : []) {
      effective.add(granted)
    }
  }
  return [...effective]
}
