import { describe, expect, it } from 'vitest'
import { providerSignInPage } from '../../../src/runtime/app/sign-in-page'

describe('providerSignInPage: nuxt-auth\'s own sign-in for its provider', () => {
  it('authjs: next-auth\'s page under baseURL, callbackUrl encoded, a full page load', () => {
    expect(providerSignInPage({ baseURL: '/api/auth', provider: { type: 'authjs' } }, '/admin?tab=1')).toEqual({ external: true, url: '/api/auth/signin?callbackUrl=%2Fadmin%3Ftab%3D1' })
    expect(providerSignInPage({ baseURL: 'https://example.com/auth/', provider: { type: 'authjs' } }, '/a')).toEqual({ external: true, url: '/auth/signin?callbackUrl=%2Fa' })
  })

  it('no auth settings at all: the authjs default', () => {
    expect(providerSignInPage(undefined, '/a')).toEqual({ external: true, url: '/api/auth/signin?callbackUrl=%2Fa' })
  })

  it('local: the login page with the way back in ?redirect=, inside the app', () => {
    const auth = { baseURL: '/api/backend', provider: { type: 'local', pages: { login: '/login' } }, globalAppMiddleware: { addDefaultCallbackUrl: true } }
    expect(providerSignInPage(auth, '/admin/settings')).toEqual({ external: false, path: '/login', query: { redirect: '/admin/settings' } })
  })

  it('local: globalAppMiddleware as sidebase reads it (false: no way back; a string: that path, never another site)', () => {
    const login = { type: 'local', pages: { login: '/sign-in' } }
    expect(providerSignInPage({ provider: login, globalAppMiddleware: { addDefaultCallbackUrl: false } }, '/admin')).toEqual({ external: false, path: '/sign-in', query: {} })
    expect(providerSignInPage({ provider: login, globalAppMiddleware: { addDefaultCallbackUrl: '/dashboard' } }, '/admin')).toEqual({ external: false, path: '/sign-in', query: { redirect: '/dashboard' } })
    expect(providerSignInPage({ provider: login, globalAppMiddleware: { addDefaultCallbackUrl: '//evil.example' } }, '/admin')).toEqual({ external: false, path: '/sign-in', query: { redirect: '/' } })
    expect(providerSignInPage({ provider: login, globalAppMiddleware: true }, '/admin')).toEqual({ external: false, path: '/sign-in', query: { redirect: '/admin' } })
  })

  it('local: a login page on another site is a full page load', () => {
    expect(providerSignInPage({ provider: { type: 'local', pages: { login: 'https://sso.example.com/login?app=web' } } }, '/admin')).toEqual({ external: true, url: 'https://sso.example.com/login?app=web&redirect=%2Fadmin' })
  })

  it('local without a login page: nowhere to go, so the guard denies', () => {
    expect(providerSignInPage({ provider: { type: 'local', pages: {} } }, '/admin')).toBeUndefined()
    expect(providerSignInPage({ provider: { type: 'local', pages: { login: false } } }, '/admin')).toBeUndefined()
  })
})
