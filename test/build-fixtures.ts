// Vitest global setup for the e2e and browser projects: builds each app the tests start, once per
// run (a production build, like the tests' servers), instead of once per test file.
import { spawn } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { join } from 'node:path'
import { BUILD_LOG, builtApps } from './e2e/helpers/apps'

function build(name: string, rootDir: string): Promise<void> {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['nuxi', 'build', rootDir, '--logLevel', 'silent'], { stdio: ['ignore', 'ignore', 'pipe'] })
    // What the build said (warnings included) stays visible, and is kept for tests of build warnings.
    const log = createWriteStream(join(rootDir, BUILD_LOG))
    child.stderr.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk)
      log.write(chunk)
    })
    child.on('error', reject)
    child.on('exit', (code) => {
      log.end()
      if (code !== 0) {
        reject(new Error(`[build-fixtures] building ${rootDir} failed (exit ${code})`))
        return
      }
      console.log(`[build-fixtures] ${name} built in ${((Date.now() - started) / 1000).toFixed(1)} s`)
      resolve()
    })
  })
}

const BROWSER_APPS = new Set(['playground', 'playgroundLocal', 'globalMiddleware'])

export default async function buildFixtures(project: { name: string }): Promise<void> {
  // Both projects run in one process; the second finds the first's builds listed here.
  const done = new Set((process.env.RBAC_TEST_BUILT ?? '').split('\n').filter(Boolean))
  // The browser project alone (npm run test:browser) builds only the apps its tests open.
  const queue = Object.entries(builtApps).filter(([name]) => !done.has(name) && (project.name !== 'browser' || BROWSER_APPS.has(name)))
  // Two builds at a time: one per core.
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      await build(...next)
      done.add(next[0])
    }
  }
  await Promise.all([worker(), worker()])
  process.env.RBAC_TEST_BUILT = [...done].join('\n')
}
