import type { Driver } from 'unstorage'
import { PREFIX } from '../../shared/names'
import { createLogThrottle } from '../../shared/logging/log-throttle'
import { createLocalCopies } from './local-copies'
import type { LocalCopies } from './local-copies'

/**
 * Tells every server when a key of the `rbac` store changes, so that each can keep what it read
 * (see LocalCopies) and a guarded request usually makes no store call at all. On Redis: pub/sub on
 * a channel the module owns, named after the mount's base (apps sharing a Redis do not hear each
 * other). Every write publishes the key it wrote; every server subscribes on its own connection.
 *
 * Trusted only while subscribed and answering: a closed, reconnecting or silent subscriber
 * connection drops every copy at once, and until the subscription is confirmed again the server
 * reads the store on every request, as without a channel. A change made during the gap is in the
 * store, so the first read after it sees it.
 */
export interface PushChannel {
  copies: LocalCopies
  /** Whether copies may be served now. */
  trusted: () => boolean
  /** Announces a write to every server (this one included, at once). Throws when it cannot be announced. */
  announce: (key: string) => Promise<void>
}

/** The subscriber is pinged this often; a ping unanswered for as long means it cannot be trusted. */
const HEARTBEAT_MS = 2_000

interface RedisLike {
  duplicate: () => RedisLike
  subscribe: (channel: string) => Promise<unknown>
  publish: (channel: string, message: string) => Promise<unknown>
  ping: () => Promise<unknown>
  on: (event: string, listener: (...args: unknown[]) => void) => unknown
  disconnect: () => void
  status?: string
}

const channelLog = createLogThrottle(60_000)

function say(line: string): void {
  const admitted = channelLog.admit(line, `${PREFIX} ${line}`)
  if (admitted) {
    console.warn(admitted)
  }
}

/** A push channel for the mount's driver, or undefined when the driver has none (per-request reads then). */
export function pushChannelFor(driver: Driver): PushChannel | undefined {
  if (driver.name !== 'redis' || typeof driver.getInstance !== 'function' || (driver.options as { cluster?: unknown } | undefined)?.cluster) {
    return undefined
  }
  const client = driver.getInstance() as RedisLike
  if (typeof client?.duplicate !== 'function') {
    return undefined
  }
  const base = String((driver.options as { base?: unknown } | undefined)?.base ?? '').replace(/:$/, '')
  return subscribe(client, `nuxt-auth-rbac:changes:${base}`)
}

function subscribe(client: RedisLike, channel: string): PushChannel {
  const copies = createLocalCopies()
  const subscriber = client.duplicate()
  let subscribed = false
  let lastHeard = 0

  const distrust = (why: string) => {
    if (subscribed) {
      say(`the rbac store's change channel ${why}: guarded requests read the store on every request until it is back.`)
    }
    subscribed = false
    copies.forgetAll()
  }
  const confirm = async () => {
    try {
      await subscriber.subscribe(channel)
      // Copies from before the gap may have missed a change: start from nothing.
      copies.forgetAll()
      lastHeard = Date.now()
      subscribed = true
    }
    catch {
      distrust('could not subscribe')
    }
  }

  subscriber.on('message', (...args) => {
    lastHeard = Date.now()
    if (args[0] === channel && typeof args[1] === 'string') {
      copies.changed(args[1])
    }
  })
  subscriber.on('ready', () => {
    void confirm()
  })
  for (const event of ['close', 'end', 'reconnecting', 'error']) {
    subscriber.on(event, () => distrust(`connection is ${event === 'error' ? 'failing' : 'down'}`))
  }
  // A half-open connection says nothing: an unanswered ping within the heartbeat ends the trust.
  const heartbeat = setInterval(() => {
    if (subscribed && Date.now() - lastHeard > 2 * HEARTBEAT_MS) {
      distrust('stopped answering')
    }
    subscriber.ping().then(() => {
      lastHeard = Date.now()
    }, () => distrust('stopped answering'))
  }, HEARTBEAT_MS)
  heartbeat.unref?.()
  if (subscriber.status === 'ready') {
    void confirm()
  }

  return {
    copies,
    trusted: () => subscribed && Date.now() - lastHeard <= 2 * HEARTBEAT_MS,
    async announce(key) {
      copies.changed(key)
      await client.publish(channel, key)
    },
  }
}
