// What a caller looks like to the app's types: next-auth's session and token (with the role fields
// at `rbac.sessionRolePath`), or a local provider's verified JWT; and whether it may be an API key.
// Part of the declarations src/build/types.ts registers for the app, Nitro and shared code.
import { parseSessionPath } from '../runtime/shared/session/session-path'

/** The caller's declarations; `types` is the module path of the runtime's shared types, quoted. */
export function callerDeclarations({ source, sessionRolePath, apiKeys }: { source: 'authjs' | 'local', sessionRolePath: string, apiKeys?: boolean }, types: string): string {
  const shape = source === 'authjs' ? nextAuthDeclarations(sessionRolePath, types) : localDeclarations(types)
  return apiKeys ? shape + apiKeyDeclarations(types) : shape
}

/**
 * The session fields at `sessionRolePath`, as a type: `{ role?: Role, roles?: Role[], uid?: string }`
 * nested under the path's parents. Under `user` it extends next-auth's default user.
 */
function sessionFields(sessionRolePath: string): string {
  const paths = parseSessionPath(sessionRolePath)!
  let type = `{ ${JSON.stringify(paths.roleKey)}?: Role, roles?: Role[], uid?: string }`
  for (let depth = paths.parent.length - 1; depth >= 0; depth--) {
    const key = paths.parent[depth]!
    const base = depth === 0 && key === 'user' ? `NonNullable<DefaultSession['user']> & ` : ''
    type = `{ ${JSON.stringify(key)}?: ${base}${type} }`
  }
  return type.slice(2, -2)
}

/** next-auth's session and token shapes, and `getRbac().token` as next-auth's JWT. */
function nextAuthDeclarations(sessionRolePath: string, types: string): string {
  return `declare module ${types} {
  interface RbacTokenRegister {
    token: import('next-auth/jwt').JWT
  }
}

declare module 'next-auth' {
  /** What the browser receives: the role fields, never the access token. */
  interface Session {
    ${sessionFields(sessionRolePath)}
  }
  /** What authorize() or an OAuth profile may return; unknown roles are dropped at sign-in. */
  interface User {
    role?: string
    roles?: string[]
    accessToken?: string
    access_token?: string
  }
}

declare module 'next-auth/jwt' {
  /** The encrypted token: server only, so it may hold the access token. */
  interface JWT {
    role?: Role
    roles?: Role[]
    uid?: string
    accessToken?: string
  }
}
`
}

/** A local app has no next-auth token: `getRbac().token` is undefined, `claims` holds the verified JWT. */
function localDeclarations(types: string): string {
  return `declare module ${types} {
  interface RbacTokenRegister {
    token: undefined
  }
}
`
}

/** With `rbac.apiKeys`, a caller may be an API key: `getRbac()` says so with `via: 'api-key'`. */
function apiKeyDeclarations(types: string): string {
  return `declare module ${types} {
  interface RbacApiKeysRegister {
    enabled: true
  }
}
`
}
