// Builds apps for production one after another in this process, as `nuxi build <dir>` would (its
// types, then the build), for test/build-fixtures.ts: Nuxt, Vite and Nitro are loaded once per
// process instead of once per app. Asks for an app with a message `{ name, rootDir, log }`, answers
// `{ name, ok, seconds, error? }`; what a build writes to stderr is also written to its `log` file.
import { createWriteStream } from 'node:fs'
import { rm, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { buildNuxt, loadNuxt, writeTypes } from '@nuxt/kit'

process.env.NODE_ENV = 'production'

const writeStderr = process.stderr.write.bind(process.stderr)
let log

process.stderr.write = (chunk, ...rest) => {
  log?.write(chunk)
  return writeStderr(chunk, ...rest)
}

/** What `nuxi build` clears first (its clearBuildDir): everything but Nuxt's caches and lock. */
async function clearBuildDir(dir) {
  const kept = ['cache', 'analyze', 'nuxt.json', 'nuxt.lock']
  const entries = await readdir(dir).catch(() => [])
  await Promise.all(entries.filter(name => !kept.includes(name)).map(name => rm(join(dir, name), { recursive: true, force: true })))
}

process.on('message', async ({ name, rootDir, logFile }) => {
  const started = Date.now()
  log = createWriteStream(logFile)
  try {
    // The server's dependencies are not traced and copied into .output/server/node_modules (a
    // quarter of each build's time): the tests serve the apps inside this repository, where the
    // server resolves them from node_modules, the same packages. No source maps either (a fifth of
    // what is left): no test reads one. What a deployed build carries is the subject of
    // test/e2e/nuxt3.test.ts, which builds with nuxi as a user does.
    const nuxt = await loadNuxt({ cwd: rootDir, dev: false, overrides: { logLevel: 'silent', sourcemap: { server: false, client: false }, nitro: { externals: { trace: false } } } })
    let failure
    nuxt.hook('build:error', (error) => {
      failure = error
    })
    await clearBuildDir(nuxt.options.buildDir)
    await writeTypes(nuxt)
    await buildNuxt(nuxt)
    await nuxt.close()
    if (failure) {
      throw failure
    }
    process.send({ name, ok: true, seconds: (Date.now() - started) / 1000 })
  }
  catch (error) {
    process.send({ name, ok: false, error: String(error?.stack ?? error) })
  }
  finally {
    await new Promise(resolve => log.end(resolve))
    log = undefined
  }
})
