// Type-checks the repository (tsconfig.json), the playground and the fixture apps the way a user's
// app is checked: generate the app's types (what `nuxi prepare` does, which runs this module), then
// check its programs (app, server, shared, node). The README's TypeScript and Vue blocks are
// checked the same way (scripts/readme-apps.mjs), and so are those of the documentation site's
// pages (docs/).
//
// Cheap where it can be: the apps are prepared in one Node process per core (loading Nuxt costs
// ~5 s of CPU, preparing one more app with it loaded well under 1 s), and their programs are
// checked in builds (`tsc -b`) over solution files that reference many programs, so that the
// declarations they share are read once per build, not once per app. Each app is still its own
// set of programs with its own generated tsconfigs, as `nuxi typecheck` would check it. Which
// checker takes which program: see typecheckProjects().
//
// `node scripts/typecheck-apps.mjs` prepares and checks everything; `--prepare <dir…>` prepares
// the apps given, in this process (used by the first, and by test/build-fixtures.ts).
import { spawn } from 'node:child_process'
import { cpus } from 'node:os'
import { mkdirSync, promises as fs, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { writeReadmeApps } from './readme-apps.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))

/** The apps checked besides the README's and the site's (each a folder with a tsconfig.json of project references). */
export const typecheckedApps = ['playground', 'test/fixtures/typed', 'test/fixtures/guide', 'test/fixtures/user-path', 'test/fixtures/hostile', 'test/fixtures/fresh', 'test/fixtures/no-auto-imports', 'test/fixtures/base-url', 'test/fixtures/seams', 'test/fixtures/local', 'test/fixtures/local-opaque', 'test/fixtures/policies', 'bench/fixtures/with-rbac', 'bench/fixtures/with-freshness'].map(app => join(root, app))

/** How many processes at a time: one per core, at most two (the machine this runs on has two). */
const lanes = Math.max(1, Math.min(2, cpus().length))

/** Generates the types of each app, one after another in this process, as `nuxi prepare` would. */
export async function prepareInProcess(apps) {
  process.env.NODE_ENV ||= 'production'
  const { loadNuxt, buildNuxt, writeTypes } = await import('@nuxt/kit')
  for (const app of apps) {
    const nuxt = await loadNuxt({ cwd: app, overrides: { _prepare: true, logLevel: 'silent' } })
    // What `nuxi prepare` clears first (its clearBuildDir): everything but Nuxt's caches and lock.
    const kept = ['cache', 'analyze', 'nuxt.json', 'nuxt.lock']
    const entries = await fs.readdir(nuxt.options.buildDir).catch(() => [])
    await Promise.all(entries.filter(name => !kept.includes(name)).map(name => fs.rm(join(nuxt.options.buildDir, name), { recursive: true, force: true })))
    await buildNuxt(nuxt)
    await writeTypes(nuxt)
    await nuxt.close()
  }
}

function run(command, args, options = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], ...options })
    const output = []
    child.stdout.on('data', chunk => output.push(chunk))
    child.on('error', reject)
    child.on('exit', code => resolvePromise({ code, stdout: Buffer.concat(output).toString() }))
  })
}

/** Prepares the apps in child processes, one per lane; rejects with what failed. */
export async function prepareApps(apps, processes = lanes) {
  const groups = Array.from({ length: Math.min(processes, apps.length) }, (_, lane) => apps.filter((_, index) => index % processes === lane))
  const results = await Promise.all(groups.map(group => run(process.execPath, [fileURLToPath(import.meta.url), '--prepare', ...group])))
  const failed = results.filter(result => result.code !== 0)
  if (failed.length > 0) {
    throw new Error(`[types] preparing the apps failed\n${failed.map(result => result.stdout).join('\n')}`)
  }
}

/**
 * The TypeScript programs of the projects: a folder's tsconfig.json lists its programs as project
 * references (Nuxt's app, server, shared and node programs, and a README app's tests); a tsconfig
 * file is one program.
 */
function programsOf(project) {
  const path = resolve(root, project)
  const tsconfig = path.endsWith('.json') ? path : join(path, 'tsconfig.json')
  const { references } = JSON.parse(readFileSync(tsconfig, 'utf8'))
  return references?.length ? references.map(reference => resolve(dirname(tsconfig), reference.path)) : [tsconfig]
}

/** Writes a solution file (a tsconfig that only references the programs) for `tsc -b`. */
function solution(name, programs) {
  const dir = join(root, 'node_modules/.cache/nuxt-auth-rbac')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `tsconfig.${name}.json`)
  writeFileSync(file, JSON.stringify({ files: [], references: programs.map(program => ({ path: relative(dir, program) })) }, null, 2))
  return file
}

/**
 * Type-checks the projects (folders with a tsconfig.json, or tsconfig files). Resolves to the
 * errors printed ('' when there were none).
 *
 * Only Nuxt's app programs hold Vue files: vue-tsc checks those, split over `processes` solution
 * files. Every other program (server, shared, node, tests, the repository's own) is TypeScript
 * alone, checked by TypeScript 7 (native; package alias `typescript7`), which takes a fifth of
 * vue-tsc's time and checks all of them in one build across both cores. vue-tsc stays on
 * TypeScript 5.9: it runs on TypeScript's JavaScript API, which version 7 does not have. The apps
 * that install the packed module (test/e2e/nuxt3.test.ts) are checked with `nuxi typecheck`, as a
 * user checks theirs.
 */
export async function typecheckProjects(projects, processes = lanes) {
  const programs = projects.flatMap(programsOf)
  const holdsVue = program => program.endsWith(`${sep}tsconfig.app.json`)
  const withVue = programs.filter(holdsVue)
  const typescriptOnly = programs.filter(program => !holdsVue(program))
  const groups = Array.from({ length: Math.min(processes, withVue.length) }, () => [])
  withVue.forEach((program, index) => groups[index % groups.length].push(program))
  const results = await Promise.all([
    run(join(root, 'node_modules/typescript7/bin/tsc'), ['-b', '--builders', '2', '--checkers', '1', solution('typescript', typescriptOnly)]),
    ...groups.map((group, lane) => run(join(root, 'node_modules/.bin/vue-tsc'), ['-b', '--noEmit', solution(`vue-${lane}`, group)])),
  ])
  return results.map(result => (result.code === 0 ? '' : result.stdout || `type check exited with ${result.code}`)).filter(Boolean).join('\n')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === '--prepare') {
    await prepareInProcess(process.argv.slice(3).map(app => resolve(app)))
  }
  else {
    const started = Date.now()
    // The README's and the site's code blocks, each written into a small app as the file it names.
    const apps = [...typecheckedApps, ...writeReadmeApps()]
    await prepareApps(apps)
    const errors = await typecheckProjects([join(root, 'tsconfig.json'), ...apps])
    if (errors) {
      console.error(errors)
      process.exit(1)
    }
    console.log(`[types] the repository and ${apps.length} apps type-check (${((Date.now() - started) / 1000).toFixed(1)} s)`)
  }
}
