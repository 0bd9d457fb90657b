// `npm test`: the lint, the type check of the repository and of every app, the tests, and what
// `npm pack` would publish; each step's time at the end.
//
// Two cores: the lint (one process) runs beside the preparation and then the type check, instead of
// before them with a core idle. The preparation is dev:prepare without its `nuxi prepare
// playground` (the type check prepares the playground itself): the module's stub in dist/, then the
// repository's generated types (.nuxt/tsconfig.json). The type check and the tests
// do not overlap: both write the apps' .nuxt folders, and the tests replace the stub in dist/ with
// the built module.
//
// `node scripts/test.mjs [vitest arguments…]` passes its arguments to `vitest run`.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const timings = []

/** Runs a command; resolves when it ended well, rejects otherwise. `quiet` keeps its output until it ends (steps that run side by side). */
function step(name, command, args, { quiet = false } = {}) {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' })
    const output = []
    child.stdout?.on('data', chunk => output.push(chunk))
    child.stderr?.on('data', chunk => output.push(chunk))
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      const seconds = (Date.now() - started) / 1000
      timings.push(`${name} ${seconds.toFixed(1)} s`)
      if (output.length > 0) {
        process.stdout.write(Buffer.concat(output))
      }
      console.log(`[test] ${name}: ${code === 0 ? 'done' : `failed (${signal ?? `exit ${code}`})`} in ${seconds.toFixed(1)} s`)
      if (code === 0) {
        resolve()
      }
      else {
        reject(new Error(`${name} failed`))
      }
    })
  })
}

const npm = (name, script, options) => step(name, 'npm', ['run', script], options)
const moduleBuilder = (name, args) => step(name, join(root, 'node_modules/.bin/nuxt-module-build'), args, { quiet: true })

const started = Date.now()
try {
  // Both run to their end even when one fails, so that every problem shows at once.
  const results = await Promise.allSettled([
    npm('lint', 'lint', { quiet: true }),
    (async () => {
      // One after the other, as in dev:prepare: the preparation loads the module (package.json
      // points at dist/) while the stub rewrites dist/.
      await moduleBuilder('stub', ['build', '--stub'])
      await moduleBuilder('prepare', ['prepare'])
      await npm('types', 'test:types')
    })(),
  ])
  const failed = results.find(result => result.status === 'rejected')
  if (failed) {
    throw failed.reason
  }
  await step('vitest', 'npx', ['vitest', 'run', ...process.argv.slice(2)])
  await npm('pack', 'test:pack')
}
catch (error) {
  process.exitCode = 1
  console.error(`[test] ${error.message}`)
}
finally {
  console.log(`[test] ${timings.join(' · ')} · total ${((Date.now() - started) / 1000).toFixed(1)} s`)
}
