import { existsSync } from 'node:fs'
import { resolvePath } from '@nuxt/kit'
import { PREFIX } from '../runtime/shared/names'

/**
 * One of the app's files the module reads (abilities, policies): its resolved path, or undefined
 * when the default one does not exist. A path the app set explicitly must exist: a typo there
 * would otherwise silently take the feature away.
 */
export async function resolveAppFile(option: string | undefined, defaultPath: string, describe: { option: string, create: string }): Promise<string | undefined> {
  const wanted = option ?? defaultPath
  const resolved = await resolvePath(wanted)
  if (existsSync(resolved)) {
    return resolved
  }
  if (wanted !== defaultPath) {
    throw new Error(`${PREFIX} ${describe.option} points to '${wanted}', which does not exist. Create it (${describe.create}) or remove the option to use ${defaultPath}.`)
  }
  return undefined
}
