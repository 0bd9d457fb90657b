import { createError } from 'h3'
import { PREFIX } from '../../shared/names'
import { useRuntimeConfig } from '#imports'

/** How the session cookie is read, settled once per process. */
export interface SessionSettings {
  /** The auth secret; throws (500) in production when none is set. */
  secret: () => string
  /** Whether next-auth names its cookie `__Secure-…`, when its origin says so; undefined: by request protocol. */
  secureCookies: boolean | undefined
}

let settings: SessionSettings | undefined

export function useSessionSettings(): SessionSettings {
  if (!settings) {
    const config = useRuntimeConfig()
    const configured = typeof config.authSecret === 'string' && config.authSecret !== '' ? config.authSecret : undefined
    // The same development fallback @sidebase/nuxt-auth uses when NuxtAuthHandler gets no secret.
    const secret = configured ?? (process.env.NODE_ENV === 'production' ? undefined : 'secret')
    const auth = config.public.auth as { baseURL?: string, originEnvKey?: string } | undefined
    const origin = (auth?.originEnvKey ? process.env[auth.originEnvKey] : undefined) || auth?.baseURL || ''
    settings = {
      secret: () => secret ?? missingSecret(),
      secureCookies: /^https?:\/\//.test(origin) ? origin.startsWith('https://') : undefined,
    }
  }
  return settings
}

let missingSecretLogged = false

function missingSecret(): never {
  if (!missingSecretLogged) {
    missingSecretLogged = true
    console.error(`${PREFIX} No auth secret in production: every guarded request answers 500. Set NUXT_AUTH_SECRET (runtimeConfig.authSecret) and pass it to NuxtAuthHandler.`)
  }
  throw createError({
    statusCode: 500,
    statusMessage: 'Internal Server Error',
    message: `${PREFIX} No auth secret: set runtimeConfig.authSecret (NUXT_AUTH_SECRET) and pass it to NuxtAuthHandler.`,
  })
}
