// Starts a built Nuxt server on loopback, optionally pinned to one core and with a CPU profile.
import { spawn, execFileSync } from 'node:child_process'
import { connect, createServer } from 'node:net'
import { join } from 'node:path'
import { existsSync, readFileSync } from 'node:fs'

export const SECRET = 'bench-secret-0123456789abcdef'

export function hasTaskset() {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' })
    return true
  }
  catch {
    return false
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

/** Starts `<app>/.output/server/index.mjs`; resolves once it answers. */
export async function startServer(appDir, { core, cpuProfDir, env = {} } = {}) {
  const port = await freePort()
  const node = [...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : []), join(appDir, '.output/server/index.mjs')]
  const [command, args] = core !== undefined ? ['taskset', ['-c', String(core), process.execPath, ...node]] : [process.execPath, node]
  const child = spawn(command, args, {
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), AUTH_ORIGIN: `http://127.0.0.1:${port}/api/auth`, NUXT_AUTH_SECRET: SECRET, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      await fetch(`${url}/api/bare`)
      const stop = () => new Promise((resolve) => {
        child.once('exit', resolve)
        child.kill('SIGINT')
      })
      return { url, cpuSeconds: () => cpuSeconds(child.pid), stop }
    }
    catch {
      await new Promise(resolve => setTimeout(resolve, 100))
    }
  }
  child.kill()
  throw new Error(`server in ${appDir} did not start`)
}

/** CPU time (user + system) the process has used, from /proc; undefined where there is no /proc. */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100
  }
  catch {
    return undefined
  }
}

/** Signs in through next-auth's credentials flow; returns the Cookie header. */
export async function signIn(url, username) {
  const csrf = await fetch(`${url}/api/auth/csrf`)
  const { csrfToken } = await csrf.json()
  const pairs = response => response.headers.getSetCookie().map(cookie => cookie.split(';', 1)[0])
  const response = await fetch(`${url}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'cookie': pairs(csrf).join('; ') },
    body: new URLSearchParams({ csrfToken, username, password: 'pw', callbackUrl: url, json: 'true' }),
  })
  const session = pairs(response).find(pair => pair.startsWith('next-auth.session-token='))
  if (!session) {
    throw new Error(`sign-in as ${username} failed (${response.status})`)
  }
  return session
}

/** Debian's redis-server on a free port, in memory only; resolves once it answers, or to undefined without one. */
export async function startRedis({ core } = {}) {
  const binary = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server'
  if (!existsSync(binary)) {
    return undefined
  }
  const port = await freePort()
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']
  const child = core !== undefined ? spawn('taskset', ['-c', String(core), binary, ...args], { stdio: 'ignore' }) : spawn(binary, args, { stdio: 'ignore' })
  for (let attempt = 0; attempt < 100; attempt++) {
    const answered = await new Promise((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'))
      socket.once('data', data => resolve(socket.destroy() || data.toString().startsWith('+PONG')))
      socket.once('error', () => resolve(false))
    })
    if (answered) {
      return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill() }
    }
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  child.kill()
  throw new Error('redis-server did not start')
}
