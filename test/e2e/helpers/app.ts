import { fileURLToPath } from 'node:url'
import { setup } from '@nuxt/test-utils/e2e'
import { getRandomPort } from 'get-port-please'

export const TEST_SECRET = 'e2e-secret-0123456789abcdef'

export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url))
}

export const playgroundPath = fileURLToPath(new URL('../../../playground', import.meta.url))

/**
 * Builds the app and serves it in production mode on a known port, because next-auth needs its
 * full origin (AUTH_ORIGIN, including the auth path) before the first request.
 */
export async function setupBuiltApp(rootDir: string, env: Record<string, string> = {}, options: Parameters<typeof setup>[0] = {}): Promise<void> {
  const port = await getRandomPort('127.0.0.1')
  await setup({
    rootDir,
    port,
    server: true,
    browser: false,
    ...options,
    env: {
      AUTH_ORIGIN: `http://127.0.0.1:${port}/api/auth`,
      NUXT_AUTH_SECRET: TEST_SECRET,
      ...env,
    },
  })
}
