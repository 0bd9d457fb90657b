// What `npm pack` would publish: the built module only (dist), with its types, the test-utils
// entry and the audit command, and nothing from the playground, tests, fixtures or sources.
// Builds the module first (nuxt-module-build build) unless dist/ already holds a build newer than
// every file it is made of: `npm test` packs it during the tests (test/e2e/nuxt3.test.ts).
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

function newestChange(path) {
  const stats = statSync(path)
  return stats.isDirectory() ? Math.max(stats.mtimeMs, ...readdirSync(path).map(entry => newestChange(join(path, entry)))) : stats.mtimeMs
}

const built = join(root, 'dist/module.mjs')
// A stub (nuxt-module-build build --stub, from dev:prepare) loads the sources from their absolute path.
const current = existsSync(built) && !readFileSync(built, 'utf8').includes(root)
  && statSync(built).mtimeMs > Math.max(...['src', 'bin', 'package.json', 'build.config.ts'].map(path => newestChange(join(root, path))))
if (!current) {
  execFileSync(join(root, 'node_modules/.bin/nuxt-module-build'), ['build'], { cwd: root, stdio: 'inherit' })
}

const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }))
const files = pack.files.map(file => file.path)
const problems = []
const allowed = /^(?:dist\/|bin\/nuxt-auth-rbac\.mjs$|package\.json$|README\.md$|LICENSE$|CHANGELOG\.md$)/
for (const file of files.filter(path => !allowed.test(path))) {
  problems.push(`unexpected file in the package: ${file}`)
}
for (const required of ['dist/module.mjs', 'dist/types.d.mts', 'dist/test-utils.mjs', 'dist/test-utils.d.mts', 'dist/cli.mjs', 'bin/nuxt-auth-rbac.mjs', 'dist/runtime/server/utils/rbac.js', 'dist/runtime/server/utils/rbac.d.ts', 'CHANGELOG.md']) {
  if (!files.includes(required)) {
    problems.push(`missing from the package: ${required} (run npm run prepack first?)`)
  }
}
if (problems.length > 0) {
  console.error(problems.join('\n'))
  process.exit(1)
}
console.log(`[pack] ${files.length} files, ${(pack.size / 1024).toFixed(1)} kB packed: dist, types and test-utils present, nothing else`)
