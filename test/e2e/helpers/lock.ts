// Locks that every process of this repository's tests shares: a listening socket in Linux's
// abstract namespace (a TCP port elsewhere), which the system releases when the process ends,
// however it ends.
import { createHash } from 'node:crypto'
import { createServer } from 'node:net'
import type { Server } from 'node:net'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../..', import.meta.url))

/** Waits until no other process holds the lock `name`, takes it, and resolves to its release. */
export async function takeLock(name: string): Promise<() => Promise<void>> {
  const id = createHash('sha256').update(`${root}\0${name}`).digest('hex')
  const address = process.platform === 'linux'
    ? { path: `\0nuxt-auth-rbac-${name}-${id.slice(0, 32)}` }
    : { port: 20_000 + Number.parseInt(id.slice(0, 8), 16) % 10_000, host: '127.0.0.1' }
  for (;;) {
    const server = await new Promise<Server | undefined>((resolve, reject) => {
      const candidate = createServer()
      candidate.once('error', (error: NodeJS.ErrnoException) => error.code === 'EADDRINUSE' ? resolve(undefined) : reject(error))
      candidate.listen(address, () => resolve(candidate))
    })
    if (server) {
      return () => new Promise(resolve => server.close(() => resolve()))
    }
    await new Promise(resolve => setTimeout(resolve, 200))
  }
}

/** Runs `fn` holding the lock `name`. */
export async function withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const release = await takeLock(name)
  try {
    return await fn()
  }
  finally {
    await release()
  }
}
