import { fileURLToPath } from 'node:url'

/** The apps the e2e and browser tests start, built once per run by test/build-fixtures.ts. */
export const builtApps = {
  playground: fileURLToPath(new URL('../../../playground', import.meta.url)),
  playgroundLocal: fileURLToPath(new URL('../../../playground-local', import.meta.url)),
  guide: fileURLToPath(new URL('../../fixtures/guide', import.meta.url)),
  userPath: fileURLToPath(new URL('../../fixtures/user-path', import.meta.url)),
  hostile: fileURLToPath(new URL('../../fixtures/hostile', import.meta.url)),
  fresh: fileURLToPath(new URL('../../fixtures/fresh', import.meta.url)),
  noAutoImports: fileURLToPath(new URL('../../fixtures/no-auto-imports', import.meta.url)),
  baseUrl: fileURLToPath(new URL('../../fixtures/base-url', import.meta.url)),
  seams: fileURLToPath(new URL('../../fixtures/seams', import.meta.url)),
  globalMiddleware: fileURLToPath(new URL('../../fixtures/global-middleware', import.meta.url)),
  local: fileURLToPath(new URL('../../fixtures/local', import.meta.url)),
  apiKeys: fileURLToPath(new URL('../../fixtures/api-keys', import.meta.url)),
}

/** Where test/build-fixtures.ts keeps what each app's build wrote to stderr, in the app's folder. */
export const BUILD_LOG = '.build-stderr.log'
