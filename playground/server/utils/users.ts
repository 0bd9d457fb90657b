/** The playground's demo users. A real app would look them up in its database. */
export interface DemoUser {
  id: string
  username: string
  password: string
  name: string
  email: string
  role?: string
  roles?: string[]
  accessToken: string
}

export const demoUsers: readonly DemoUser[] = [
  { id: '1', username: 'admin', password: 'admin-pass', name: 'Ada Admin', email: 'ada@example.com', role: 'admin', accessToken: 'upstream-token-ada' },
  { id: '2', username: 'editor', password: 'editor-pass', name: 'Eddie Editor', email: 'eddie@example.com', role: 'editor', accessToken: 'upstream-token-eddie' },
  { id: '3', username: 'viewer', password: 'viewer-pass', name: 'Vera Viewer', email: 'vera@example.com', role: 'viewer', accessToken: 'upstream-token-vera' },
  // Two roles that do not inherit from each other.
  { id: '4', username: 'casey', password: 'casey-pass', name: 'Casey Both', email: 'casey@example.com', roles: ['editor', 'billing'], accessToken: 'upstream-token-casey' },
  // A role the app does not list: it is dropped at sign-in, so Mallory is signed in with no role.
  { id: '5', username: 'mallory', password: 'mallory-pass', name: 'Mallory Unknown', email: 'mallory@example.com', role: 'superuser', accessToken: 'upstream-token-mallory' },
  // A second admin, for trying the admin page's demote and sign-out on someone who is signed in.
  { id: '6', username: 'ash', password: 'ash-pass', name: 'Ash Admin', email: 'ash@example.com', role: 'admin', accessToken: 'upstream-token-ash' },
]

/**
 * Each user's current roles: what the admin page changes and server/rbac-roles.ts reads. Kept per
 * server process; a real app reads its database (and, on several servers, shares it).
 */
const assignedRoles = new Map(demoUsers.map(user => [user.id, user.roles ?? (user.role ? [user.role] : [])]))

/** The user's current roles, or null for an id that is not a demo user. */
export function rolesOf(id: string): string[] | null {
  const roles = assignedRoles.get(id)
  return roles ? [...roles] : null
}

export function assignRoles(id: string, roles: string[]): void {
  if (!assignedRoles.has(id)) {
    throw createError({ statusCode: 404, statusMessage: 'Not Found' })
  }
  assignedRoles.set(id, [...roles])
}

export function findDemoUser(username: unknown, password: unknown): DemoUser | undefined {
  return demoUsers.find(user => user.username === username && user.password === password)
}
