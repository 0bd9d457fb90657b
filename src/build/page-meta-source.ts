/**
 * Whether a component's source (a page, a layout) sets a guard through `definePageMeta` (`role`,
 * `can` or `rbac`). A quick look at the script, for build warnings and the audit; Nuxt's own
 * extraction is what reads the values.
 */
export function setsGuardInPageMeta(source: string): boolean {
  // Only script counts: a template may well show `definePageMeta({ role })` as text.
  const script = source.includes('<script') ? [...source.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map(match => match[1]).join('\n') : source
  for (const match of script.matchAll(/definePageMeta\s*\(/g)) {
    const call = script.slice(match.index, match.index + 400)
    if (/[{,\s](?:role|can|rbac)\s*:/.test(call)) {
      return true
    }
  }
  return false
}
