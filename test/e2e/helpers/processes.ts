import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { createConnection } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A folder of its own for one test server's revocation markers (the default store keeps them on
 * disk, in `.data/rbac` of the working directory): servers of other tests and earlier runs must not
 * find them.
 */
export function markersDir(): string {
  return mkdtempSync(join(tmpdir(), 'rbac-markers-'))
}

/** A child process the test started, and how to stop it. */
export interface Running {
  process: ChildProcess
  stop: (signal?: NodeJS.Signals) => Promise<void>
}

function track(child: ChildProcess): Running {
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
  return {
    process: child,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal)
        await exited
      }
    },
  }
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const started = Date.now()
  while (!(await check().catch(() => false))) {
    if (Date.now() - started > timeoutMs) {
      throw new Error(`${what} did not come up within ${timeoutMs} ms`)
    }
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}

function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'))
    socket.once('data', (data) => {
      socket.destroy()
      resolve(data.toString().startsWith('+PONG'))
    })
    socket.once('error', () => resolve(false))
  })
}

/** A data directory for Redis that outlives one Redis process: a restart finds its data again. */
export function redisDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'rbac-redis-'))
}

/**
 * Debian's redis-server on `port`, writing every change to its append-only file before it answers
 * (so that a SIGKILL loses nothing a client was told was written), as a production Redis that
 * keeps revocations across restarts would.
 */
export async function startRedis(port: number, dir: string): Promise<Running> {
  const binary = process.env.REDIS_SERVER_PATH ?? 'redis-server'
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir], { stdio: 'ignore' })
  await until(`redis-server on ${port}`, () => redisAnswers(port))
  return track(child)
}

export interface NitroOptions {
  /**
   * Hears everything the server writes, stdout and stderr, as it is written (stdout is otherwise
   * not read; stderr is shown as without this option).
   */
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void
}

/** A production Nitro server of a built app on `port`, with the environment given; up once `readyPath` answers 2xx. */
export async function startNitro(outputDir: string, port: number, env: Record<string, string>, readyPath = '/api/open', options: NitroOptions = {}): Promise<Running> {
  const { onOutput } = options
  const child = spawn(process.execPath, [join(outputDir, 'server/index.mjs')], {
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), NUXT_RBAC_FRESHNESS_PERSIST: markersDir(), ...env },
    stdio: ['ignore', onOutput ? 'pipe' : 'ignore', 'pipe'],
  })
  if (onOutput) {
    child.stdout!.setEncoding('utf8').on('data', (text: string) => onOutput(text, 'stdout'))
  }
  // The server's own log stays visible, except ioredis' reconnect noise while Redis is down on purpose.
  child.stderr!.setEncoding('utf8').on('data', (text: string) => {
    onOutput?.(text, 'stderr')
    const kept = text.split('\n').filter(line => line.trim() !== '' && !/\[ioredis\]|TCPConnectWrap/.test(line))
    if (kept.length > 0) {
      process.stderr.write(`${kept.join('\n')}\n`)
    }
  })
  await until(`the server on ${port}`, async () => (await fetch(`http://127.0.0.1:${port}${readyPath}`)).ok)
  return track(child)
}

export interface CommandResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs a command to its end, without colours, and resolves to its exit code and output. */
export function runCommand(command: string, args: string[], options: { cwd?: string, env?: Record<string, string> } = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk))
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk))
    child.on('error', reject)
    child.on('exit', code => resolve({ code, stdout, stderr }))
  })
}
