// The module as `npm pack` makes it, for the tests of apps that install it from the tarball
// (test/e2e/nuxt3.test.ts, test/e2e/old-nuxt.test.ts). Built and packed once per change of the
// sources, by whichever test needs it first, and never while another process builds it:
// `nuxt-module-build build` replaces dist/, which the audit command (bin/) and the README's example
// test (nuxt-auth-rbac/test-utils) load. test/build-fixtures.ts packs it before any test starts.
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { withLock } from './lock'

const root = fileURLToPath(new URL('../../..', import.meta.url))

/** Where the tarball is kept: test/fixtures/nuxt3 and test/fixtures/nuxt4-types install it from here. */
export const packDir = join(root, 'test/fixtures/nuxt3/.pack')
export const tarball = join(packDir, 'nuxt-auth-rbac.tgz')

/** What dist/ is built from, and what else goes into the tarball. */
const builtFrom = ['src', 'bin', 'package.json', 'build.config.ts']
const packedWith = ['package.json', 'bin', 'CHANGELOG.md', 'README.md']

function newestChange(path: string): number {
  if (!existsSync(path)) {
    return 0
  }
  const stats = statSync(path)
  return stats.isDirectory() ? Math.max(stats.mtimeMs, ...readdirSync(path).map(entry => newestChange(join(path, entry)))) : stats.mtimeMs
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: root, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error) {
        reject(new Error(`${command} ${args.join(' ')} failed (exit ${error.code})\n${String(stderr).slice(-2000)}`))
        return
      }
      resolve()
    })
  })
}

/** dist/ holds a build (not dev:prepare's stub, which loads src/ by absolute path) newer than its sources. */
function distIsCurrent(): boolean {
  const built = join(root, 'dist/module.mjs')
  return existsSync(built) && !readFileSync(built, 'utf8').includes(root)
    && statSync(built).mtimeMs > Math.max(...builtFrom.map(path => newestChange(join(root, path))))
}

function tarballIsCurrent(): boolean {
  return existsSync(tarball)
    && statSync(tarball).mtimeMs > Math.max(newestChange(join(root, 'dist')), ...packedWith.map(path => newestChange(join(root, path))))
}

/**
 * The path of a tarball of the module as it is now: `nuxt-module-build build` unless dist/ holds
 * a current build, then `npm pack` unless the tarball is newer than what it is made of.
 */
export function packModule(): Promise<string> {
  return withLock('pack', async () => {
    if (!distIsCurrent()) {
      await run(join(root, 'node_modules/.bin/nuxt-module-build'), ['build'])
    }
    if (!tarballIsCurrent()) {
      mkdirSync(packDir, { recursive: true })
      // Packed beside the tarball and renamed onto it: a reader never sees half a tarball.
      const into = mkdtempSync(join(packDir, 'packing-'))
      try {
        await run('npm', ['pack', '--ignore-scripts', '--pack-destination', into])
        renameSync(join(into, readdirSync(into)[0]!), tarball)
      }
      finally {
        rmSync(into, { recursive: true, force: true })
      }
    }
    return tarball
  })
}
