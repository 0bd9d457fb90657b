// The apps the e2e and browser tests start, built once per run by test/build-fixtures.ts before any
// test file runs. A new fixture app is one entry in `builtApps` (a name and its folder); tests serve
// it with setupBuiltApp(builtApps.<name>) (./app.ts) or startNitro(join(builtApps.<name>, '.output'))
// (./processes.ts). Add its name to BROWSER_APPS when a test in test/browser opens it, and its folder
// to scripts/typecheck-apps.mjs's list to have it type-checked.
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
  localOpaque: fileURLToPath(new URL('../../fixtures/local-opaque', import.meta.url)),
  apiKeys: fileURLToPath(new URL('../../fixtures/api-keys', import.meta.url)),
  policies: fileURLToPath(new URL('../../fixtures/policies', import.meta.url)),
}

/** The apps the browser tests open: all `npm run test:browser` builds. */
export const BROWSER_APPS: string[] = ['playground', 'playgroundLocal', 'globalMiddleware']

/** Where test/build-fixtures.ts keeps what each app's build wrote to stderr, in the app's folder. */
export const BUILD_LOG = '.build-stderr.log'
