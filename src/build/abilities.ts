import { resolveAppFile } from './app-file'

export const DEFAULT_ABILITIES = '~~/shared/abilities'

/** The app's abilities file, or undefined when the default one does not exist. */
export function resolveAbilitiesFile(option: string | undefined): Promise<string | undefined> {
  return resolveAppFile(option, DEFAULT_ABILITIES, { option: 'rbac.abilities', create: 'export default defineAbilities(…)' })
}
