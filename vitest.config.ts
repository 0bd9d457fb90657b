import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BaseSequencer } from 'vitest/node'
import type { TestSpecification } from 'vitest/node'
import { defineConfig } from 'vitest/config'

const root = fileURLToPath(new URL('.', import.meta.url))

// What the module's `#rbac` alias points at inside a Nuxt app, for unit tests of app files.
const alias = { '#rbac': fileURLToPath(new URL('./src/runtime/shared/public.ts', import.meta.url)) }

// Tests that build, install or serve an app of their own (nothing test/build-fixtures.ts builds).
// They are projects of their own so that `--project` can pick them, but they run in the same group
// as the tests of the prebuilt apps: two test files at a time (one per core) from one queue, so
// that one file waits on a server or a browser while the other builds or installs.
const ownBuild = {
  e2e: ['nuxt3', 'old-nuxt', 'build-errors'].map(name => `test/e2e/${name}.test.ts`),
  browser: ['devtools', 'docs', 'readme-example'].map(name => `test/browser/${name}.test.ts`),
}

// Tests of two servers that must hear each other through Redis within moments (a revocation, a new
// key): timings that hold while the machine has a core for each server. They run alone, one after
// another, after the other files, as every file did before two ran at once.
const alone = ['api-keys-redis', 'freshness-redis', 'freshness-stores'].map(name => `test/e2e/${name}.test.ts`)

// Unit test files run one after another in two worker threads that keep the modules they loaded
// (no isolation: a fresh module graph per file was half the unit tests' CPU). Files that replace a
// module with vi.mock() would leave it replaced for the next file, so they run isolated.
const mockingUnitFiles = readdirSync(join(root, 'test/unit'), { recursive: true, encoding: 'utf8' })
  .map(file => `test/unit/${file.split('\\').join('/')}`)
  .filter(file => file.endsWith('.test.ts') && readFileSync(join(root, file), 'utf8').includes('vi.mock('))

/** A project of unit tests: two files at a time, before every end-to-end file. */
function unitProject(name: string, include: string[], options: { exclude?: string[], pool?: 'threads', isolate?: boolean } = {}) {
  return { resolve: { alias }, test: { name, include, ...options, sequence: { groupOrder: 0 }, maxWorkers: 2, testTimeout: 30_000 } }
}

/**
 * Seconds each slow file took in a full run (two files at a time, so each beside another). On a
 * clean clone (no results of an earlier run in node_modules/.vite/vitest) the queue starts with the
 * longest files, so that no long file starts last while the other core has nothing left to do.
 */
const expectedSeconds: Record<string, number> = {
  'test/e2e/nuxt3.test.ts': 76,
  'test/browser/devtools.test.ts': 56,
  'test/browser/playground.test.ts': 48,
  'test/e2e/old-nuxt.test.ts': 40,
  'test/browser/playground-local.test.ts': 36,
  'test/browser/docs.test.ts': 34,
  'test/browser/readme-example.test.ts': 30,
  'test/e2e/local-source.test.ts': 18,
  'test/e2e/audit.test.ts': 16,
  'test/e2e/local-introspect.test.ts': 16,
  'test/e2e/freshness.test.ts': 16,
  'test/browser/template-roles.test.ts': 15,
  'test/e2e/build-errors.test.ts': 14,
  'test/e2e/policies.test.ts': 10,
  'test/e2e/playground-matrix.test.ts': 9,
  'test/unit/access-query-db.test.ts': 8,
  'test/e2e/playground.test.ts': 8,
  'test/e2e/pages.test.ts': 8,
}

/**
 * Groups in their order. In a group, the order in which two workers would take the files so that
 * the longest start first (last run's time, else the table above) and no two files that build or
 * install apps of their own (they call oneBuildingFileAtATime(), test/e2e/helpers/building-file.ts)
 * run at once: beside one of them, the other worker takes a file that mostly waits.
 */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files)
    const seconds = (spec: TestSpecification) => {
      const file = relative(root, spec.moduleId)
      const last = this.ctx.cache.getFileTestResults(`${spec.project.name}:${file}`)
      return last && !last.failed ? last.duration / 1000 : expectedSeconds[file] ?? 1
    }
    const groups = new Map<number, TestSpecification[]>()
    for (const spec of sorted) {
      const order = spec.project.config.sequence.groupOrder
      groups.set(order, [...groups.get(order) ?? [], spec])
    }
    return [...groups.keys()].sort((a, b) => a - b).flatMap(order => twoWorkers(groups.get(order)!, seconds))
  }
}

function twoWorkers(specs: TestSpecification[], seconds: (spec: TestSpecification) => number): TestSpecification[] {
  const queue = specs
    .map((spec, index) => ({ spec, index, seconds: seconds(spec), building: readFileSync(spec.moduleId, 'utf8').includes('await oneBuildingFileAtATime()') }))
    .sort((a, b) => b.seconds - a.seconds || a.index - b.index)
  const workers = [{ free: 0, building: false }, { free: 0, building: false }]
  const order: TestSpecification[] = []
  while (queue.length > 0) {
    const [worker, other] = workers[0]!.free <= workers[1]!.free ? [workers[0]!, workers[1]!] : [workers[1]!, workers[0]!]
    const otherBuilding = other.building && other.free > worker.free
    const at = Math.max(0, queue.findIndex(next => !(next.building && otherBuilding)))
    const [next] = queue.splice(at, 1)
    const start = next!.building && otherBuilding ? other.free : worker.free
    Object.assign(worker, { free: start + next!.seconds, building: next!.building })
    order.push(next!.spec)
  }
  return order
}

/**
 * A project of end-to-end tests: each file starts servers, builds or installs, so two files run at
 * a time (two cores), taken in turn from the queue of every project of the same group.
 */
function e2eProject(name: string, include: string[], exclude: string[], { groupOrder = 1, maxWorkers = 2 } = {}) {
  return {
    resolve: { alias },
    test: {
      name,
      sequence: { groupOrder },
      include,
      exclude,
      // Builds the prebuilt apps (for the projects named without -own-build) and packs the module.
      globalSetup: ['test/build-fixtures.ts'],
      setupFiles: ['test/e2e/helpers/idle-socket-retry.ts'],
      // A worker thread per file rather than a process: the same isolation, a Node start less each.
      pool: 'threads' as const,
      maxWorkers,
      testTimeout: 30_000,
      hookTimeout: 120_000,
    },
  }
}

export default defineConfig({
  resolve: { alias },
  test: {
    sequence: { sequencer: LongestFirst },
    // Groups run one after another: the unit tests (two files at a time), then every end-to-end
    // and browser file, two at a time, then the files that run alone. `--project 'e2e*'` runs the
    // e2e files, `--project 'browser*'` the browser files.
    projects: [
      unitProject('unit', ['test/unit/**/*.test.ts'], { exclude: mockingUnitFiles, pool: 'threads', isolate: false }),
      unitProject('unit-isolated', mockingUnitFiles),
      e2eProject('e2e', ['test/e2e/**/*.test.ts'], [...ownBuild.e2e, ...alone]),
      e2eProject('e2e-alone', alone, [], { groupOrder: 2, maxWorkers: 1 }),
      e2eProject('e2e-own-build', ownBuild.e2e, []),
      e2eProject('browser', ['test/browser/**/*.test.ts'], ownBuild.browser),
      e2eProject('browser-own-build', ownBuild.browser, []),
    ],
  },
})
