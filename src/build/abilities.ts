import { existsSync } from 'node:fs'
import { resolvePath } from '@nuxt/kit'
import { PREFIX } from './options'

export const DEFAULT_ABILITIES = '~~/shared/abilities'

/**
 * The app's abilities file, or undefined when the default one does not exist. A path the app
 * set explicitly must exist: a typo there would otherwise silently deny every ability.
 */
export async function resolveAbilitiesFile(option: string | undefined): Promise<string | undefined> {
  const wanted = option ?? DEFAULT_ABILITIES
  const resolved = await resolvePath(wanted)
  if (existsSync(resolved)) {
    return resolved
  }
  if (wanted !== DEFAULT_ABILITIES) {
    throw new Error(`${PREFIX} rbac.abilities points to '${wanted}', which does not exist. Create it (export default defineAbilities(…)) or remove the option to use ${DEFAULT_ABILITIES}.`)
  }
  return undefined
}
