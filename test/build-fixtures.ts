// Vitest global setup for the e2e and browser projects: builds each app the tests start, once per
// run (a production build, like the tests' servers), instead of once per test file. Two build
// processes, one per core, each building app after app with Nuxt loaded once
// (test/e2e/helpers/build-worker.mjs). Meanwhile the module is built and packed for the tests that
// install its tarball (test/e2e/helpers/pack.ts), so that no test rebuilds dist/ while others run.
import { fork } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'
import { BROWSER_APPS, BUILD_LOG, builtApps } from './e2e/helpers/apps'
import { packModule } from './e2e/helpers/pack'
import { writtenApps } from './e2e/helpers/written-apps'

const worker = fileURLToPath(new URL('./e2e/helpers/build-worker.mjs', import.meta.url))

interface Answer { name: string, ok: boolean, seconds?: number, error?: string }

function build(child: ChildProcess, name: string, rootDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`[build-fixtures] the build process stopped (exit ${code}) while building ${rootDir}`))
    child.once('exit', exited)
    child.once('message', (answer: Answer) => {
      child.off('exit', exited)
      if (!answer.ok) {
        reject(new Error(`[build-fixtures] building ${rootDir} failed\n${answer.error}`))
        return
      }
      console.log(`[build-fixtures] ${name} built in ${answer.seconds!.toFixed(1)} s`)
      resolve()
    })
    // What the build said (warnings included) stays visible, and is kept for tests of build warnings.
    child.send({ name, rootDir, logFile: join(rootDir, BUILD_LOG) })
  })
}

/** The module packed once per run, whichever project's setup asks first (all run in one process). */
function packOnce(): Promise<string> {
  const shared = globalThis as { rbacPackedModule?: Promise<string> }
  shared.rbacPackedModule ??= packModule()
  return shared.rbacPackedModule
}

const installsTarball = (name: string) => name.endsWith('-own-build')

export default async function buildFixtures(project: TestProject): Promise<void> {
  // The projects of tests that build their own apps need nothing built, only the module packed.
  if (installsTarball(project.name)) {
    await packOnce()
    return
  }
  // Both projects run in one process; the second finds the first's builds listed here.
  const done = new Set((process.env.RBAC_TEST_BUILT ?? '').split('\n').filter(Boolean))
  // Whichever project comes first builds for both. The browser project alone (npm run test:browser)
  // builds only the apps its tests open.
  const browserOnly = !project.vitest.projects.some(other => other.name.startsWith('e2e') && !installsTarball(other.name))
  const queue = [...Object.entries(builtApps), ...Object.entries(writtenApps).map(([name, { dir }]) => [name, dir] as [string, string])]
    .filter(([name]) => !done.has(name) && (!browserOnly || BROWSER_APPS.includes(name)))
  // Two builds at a time: one per core.
  const lane = async () => {
    const child = fork(worker, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    try {
      for (let next = queue.shift(); next; next = queue.shift()) {
        writtenApps[next[0]]?.write?.()
        await build(child, ...next)
        done.add(next[0])
      }
    }
    finally {
      child.kill()
    }
  }
  // The pack beside the builds when tests that install it run too.
  const packing = project.vitest.projects.some(other => installsTarball(other.name)) ? packOnce() : undefined
  await Promise.all([lane(), lane(), packing])
  process.env.RBAC_TEST_BUILT = [...done].join('\n')
}
