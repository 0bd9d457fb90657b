import { expect, it } from 'vitest'
import { debianChromiumRegistry } from '../e2e/helpers/browser'
import { runCommand } from '../e2e/helpers/processes'
import { oneBuildingFileAtATime } from '../e2e/helpers/building-file'
import { writeReadmeApps } from '../../scripts/readme-apps.mjs'

// Prepares and builds an app of its own, in a vitest of its own: never beside another such file
// (test/e2e/helpers/building-file.ts).
await oneBuildingFileAtATime()

it('the README\'s example test passes as written, in an app made of the README\'s other blocks', async () => {
  const main = (writeReadmeApps(['main']) as string[]).find(dir => dir.endsWith('/main'))!
  expect((await runCommand('npx', ['nuxi', 'prepare', '--logLevel', 'silent'], { cwd: main })).code).toBe(0)
  // Unchanged test file, run in the app as its own tests would be; only the browser it launches is
  // this machine's Chromium.
  const result = await runCommand('npx', ['vitest', 'run', 'test/e2e/admin.test.ts'], { cwd: main, env: { PLAYWRIGHT_BROWSERS_PATH: debianChromiumRegistry() } })
  const output = result.stdout + result.stderr
  expect(output).toMatch(/Tests\s+(?:\S+\s+)?3 passed/)
  expect(result.code, output).toBe(0)
}, 300_000)
