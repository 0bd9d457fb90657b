// Type-checks the playground and the fixture apps the way a user's app is checked: generate
// the app's types (`nuxi prepare`, which runs this module), then `vue-tsc -b` over its projects.
import { execFileSync } from 'node:child_process'

const apps = ['playground', 'test/fixtures/typed', 'test/fixtures/guide', 'test/fixtures/user-path', 'test/fixtures/hostile', 'bench/fixtures/with-rbac']

for (const app of apps) {
  console.log(`[types] ${app}`)
  execFileSync('npx', ['nuxi', 'prepare', app, '--logLevel', 'silent'], { stdio: ['ignore', 'ignore', 'inherit'] })
  execFileSync('npx', ['vue-tsc', '-b', '--noEmit'], { cwd: app, stdio: 'inherit' })
}
