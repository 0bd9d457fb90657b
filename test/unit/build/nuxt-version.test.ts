import { describe, expect, it } from 'vitest'
import { assertAuthModuleRuns, assertSupportedNuxt } from '../../../src/build/nuxt-version'

describe('assertSupportedNuxt', () => {
  it.each(['3.19.0', '3.19.3', '3.21.11', '4.1.0', '4.4.5', '4.10.0', '5.0.0', 'v4.2.1', '4.1.0-rc.1', '3.20.0-29300000.abc1234'])('runs on %s', (version) => {
    expect(() => assertSupportedNuxt(version)).not.toThrow()
  })

  it.each(['3.10.3', '3.15.4', '3.16.0', '3.18.1', '4.0.0', '4.0.3', '2.18.1', '3.9.99'])('refuses %s, naming what it found and the fix', (version) => {
    expect(() => assertSupportedNuxt(version)).toThrow(`[nuxt-auth-rbac] needs Nuxt >= 3.19 (Nuxt 3) or >= 4.1 (Nuxt 4) (found ${version}): upgrade Nuxt, e.g. npm install nuxt@^4.1.0`)
  })

  it('refuses a version it cannot read', () => {
    expect(() => assertSupportedNuxt(undefined)).toThrow(/needs Nuxt >= 3\.19.*\(found an unknown version\): upgrade Nuxt/)
    expect(() => assertSupportedNuxt('')).toThrow(/\(found \): upgrade Nuxt/)
    expect(() => assertSupportedNuxt('latest')).toThrow(/\(found latest\)/)
    expect(() => assertSupportedNuxt('4.1')).toThrow(/\(found 4\.1\)/)
  })

  it('compares numbers, not text', () => {
    expect(() => assertSupportedNuxt('3.100.0')).not.toThrow()
    expect(() => assertSupportedNuxt('3.2.100')).toThrow()
  })
})

describe('assertAuthModuleRuns', () => {
  const enabled = { provider: { type: 'authjs' } }

  it('passes when nuxt-auth is installed and set itself up', () => {
    expect(() => assertAuthModuleRuns([{ meta: { name: 'nuxt-auth-rbac' } }, { meta: { name: 'sidebase-auth' } }], enabled)).not.toThrow()
    expect(() => assertAuthModuleRuns([{ meta: { name: '@sidebase/nuxt-auth', disabled: false } }], enabled)).not.toThrow()
  })

  it('fails without nuxt-auth, naming how to install it', () => {
    expect(() => assertAuthModuleRuns([{ meta: { name: 'nuxt-auth-rbac' } }, {}], undefined))
      .toThrow(`[nuxt-auth-rbac] @sidebase/nuxt-auth is not installed in this app, and the module needs its sign-in and session. Install it (npm install @sidebase/nuxt-auth)`)
  })

  it('fails when Nuxt disabled nuxt-auth (auth: false)', () => {
    expect(() => assertAuthModuleRuns([{ meta: { name: 'sidebase-auth', disabled: true } }], undefined)).toThrow(/@sidebase\/nuxt-auth is disabled \(auth: false in nuxt\.config\).*Remove auth: false/)
  })

  it('fails when nuxt-auth skipped its own setup (auth.isEnabled: false)', () => {
    expect(() => assertAuthModuleRuns([{ meta: { name: 'sidebase-auth' } }], undefined)).toThrow(/did not set itself up \(auth\.isEnabled: false in nuxt\.config\?\).*Remove auth\.isEnabled: false/)
    expect(() => assertAuthModuleRuns([{ meta: { name: 'sidebase-auth' } }], null)).toThrow(/did not set itself up/)
  })
})
