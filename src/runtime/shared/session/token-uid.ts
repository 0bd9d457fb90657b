type Data = Record<string, unknown>

/** Where a token names its user, in the order read: ours (`uid`), the guide's (`id`), next-auth's (`sub`). */
export const USER_ID_KEYS = ['uid', 'id', 'sub'] as const

/** The user id a token carries (see USER_ID_KEYS). */
export function tokenUid(token: Data): string | undefined {
  for (const key of USER_ID_KEYS) {
    const value = Object.hasOwn(token, key) ? token[key] : undefined
    if (typeof value === 'string' || typeof value === 'number') {
      return String(value)
    }
  }
  return undefined
}
