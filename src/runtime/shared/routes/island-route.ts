/**
 * Server components (islands) render on requests of their own, `/__nuxt_island/<Name>_<hash>.json`,
 * where no page meta or route middleware applies. The route a rule names for one is
 * `/__nuxt_island/<Name>`: the component's name read from the path exactly as Nuxt's island
 * handler reads it (hash after the last `_`, `.json` and a query after it dropped).
 */

export const ISLAND_PREFIX = '/__nuxt_island/'
const SUFFIX = /\.json(?:\?.*)?$/
const COMPONENT_NAME = /^[a-z][\w.-]*$/i

/** `/__nuxt_island/<Name>` for the path Nuxt's island handler reads (`event.path`), or undefined when it renders nothing. */
export function islandRoute(path: string): string | undefined {
  if (!path.startsWith(ISLAND_PREFIX)) {
    return undefined
  }
  const parts = path.slice(ISLAND_PREFIX.length).replace(SUFFIX, '').split('_')
  if (parts.length > 1) {
    parts.pop()
  }
  const name = parts.join('_')
  return COMPONENT_NAME.test(name) ? `${ISLAND_PREFIX}${name}` : undefined
}
