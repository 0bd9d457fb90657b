type Data = Record<string, unknown>

/** The user id a token carries: ours (`uid`), the guide's (`id`) or next-auth's (`sub`). */
export function tokenUid(token: Data): string | undefined {
  for (const key of ['uid', 'id', 'sub']) {
    const value = Object.hasOwn(token, key) ? token[key] : undefined
    if (typeof value === 'string' || typeof value === 'number') {
      return String(value)
    }
  }
  return undefined
}
