import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { setup } from '@nuxt/test-utils/e2e'
import { getRandomPort } from 'get-port-please'
import { builtApps } from './apps'
import { markersDir } from './processes'

export const TEST_SECRET = 'e2e-secret-0123456789abcdef'

export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url))
}

export const playgroundPath = builtApps.playground

/**
 * Serves an app built once for the whole run (test/build-fixtures.ts) in production mode on a
 * known port, because next-auth needs its full origin (AUTH_ORIGIN, including the auth path)
 * before the first request.
 */
export async function setupBuiltApp(rootDir: string, env: Record<string, string> = {}, options: Parameters<typeof setup>[0] = {}, authPath = '/api/auth'): Promise<void> {
  if (!Object.values(builtApps).includes(rootDir)) {
    throw new Error(`${rootDir} is not in test/e2e/helpers/apps.ts, so nothing builds it before the tests`)
  }
  const port = await getRandomPort('127.0.0.1')
  await setup({
    rootDir,
    port,
    server: true,
    browser: false,
    build: false,
    nuxtConfig: { nitro: { output: { dir: join(rootDir, '.output') } } },
    ...options,
    env: {
      AUTH_ORIGIN: `http://127.0.0.1:${port}${authPath}`,
      NUXT_AUTH_SECRET: TEST_SECRET,
      NUXT_RBAC_FRESHNESS_PERSIST: markersDir(),
      ...env,
    },
  })
}
