import { resolveAppFile } from './app-file'

export const DEFAULT_POLICIES = '~~/server/rbac-policies'

/** The app's policies file (server only), or undefined when the default one does not exist. */
export function resolvePoliciesFile(option: string | undefined): Promise<string | undefined> {
  return resolveAppFile(option, DEFAULT_POLICIES, { option: 'rbac.policies', create: 'export const publishPost = definePolicy(\'post.publish\', async ({ caller }, post) => …)' })
}
