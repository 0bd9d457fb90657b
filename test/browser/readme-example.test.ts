import { spawn } from 'node:child_process'
import { expect, it } from 'vitest'
import { debianChromiumRegistry } from '../e2e/helpers/browser'
import { writeReadmeApps } from '../../scripts/readme-apps.mjs'

function run(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null, output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', args, { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk))
    child.on('error', reject)
    child.on('exit', code => resolve({ code, output }))
  })
}

it('the README\'s example test passes as written, in an app made of the README\'s other blocks', async () => {
  const main = (writeReadmeApps() as string[]).find(dir => dir.endsWith('/main'))!
  expect((await run(['nuxi', 'prepare', '--logLevel', 'silent'], main)).code).toBe(0)
  // Unchanged test file, run in the app as its own tests would be; only the browser it launches is
  // this machine's Chromium.
  const result = await run(['vitest', 'run', 'test/e2e/admin.test.ts'], main, { PLAYWRIGHT_BROWSERS_PATH: debianChromiumRegistry() })
  expect(result.output).toMatch(/Tests\s+(?:\S+\s+)?3 passed/)
  expect(result.code, result.output).toBe(0)
}, 300_000)
