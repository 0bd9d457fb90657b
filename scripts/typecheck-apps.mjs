// Type-checks the playground and the fixture apps the way a user's app is checked: generate
// the app's types (`nuxi prepare`, which runs this module), then `vue-tsc -b` over its projects.
// Two apps at a time, one per core. The README's TypeScript and Vue blocks are checked the same
// way (scripts/readme-apps.mjs), and so are those of the documentation site's pages (docs/).
import { spawn } from 'node:child_process'
import { writeReadmeApps } from './readme-apps.mjs'

const apps = ['playground', 'test/fixtures/typed', 'test/fixtures/guide', 'test/fixtures/user-path', 'test/fixtures/hostile', 'test/fixtures/fresh', 'test/fixtures/no-auto-imports', 'test/fixtures/base-url', 'test/fixtures/seams', 'bench/fixtures/with-rbac', 'bench/fixtures/with-freshness']

function run(command, args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] })
    child.on('error', reject)
    child.on('exit', code => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed in ${cwd ?? '.'} (exit ${code})`))))
  })
}

async function check(app) {
  await run('npx', ['nuxi', 'prepare', app, '--logLevel', 'silent'])
  // vue-tsc prints the errors itself; its exit code fails the run.
  const output = []
  await new Promise((resolve, reject) => {
    const child = spawn('npx', ['vue-tsc', '-b', '--noEmit'], { cwd: app, stdio: ['ignore', 'pipe', 'inherit'] })
    child.stdout.on('data', chunk => output.push(chunk))
    child.on('error', reject)
    child.on('exit', code => (code === 0 ? resolve() : reject(new Error(`[types] ${app}\n${Buffer.concat(output).toString()}`))))
  })
  console.log(`[types] ${app} ok`)
}

// The README's and the site's code blocks, each written into a small app as the file it names.
const queue = [...apps, ...writeReadmeApps()]
const failures = []
const worker = async () => {
  for (let app = queue.shift(); app; app = queue.shift()) {
    await check(app).catch(error => failures.push(error.message))
  }
}
await Promise.all([worker(), worker()])
if (failures.length > 0) {
  console.error(failures.join('\n'))
  process.exit(1)
}
