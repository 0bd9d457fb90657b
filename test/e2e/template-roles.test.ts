import { describe, expect, it } from 'vitest'
import { request, signIn } from './helpers/auth'
import { fixturePath, setupBuiltApp } from './helpers/app'

// v-role and <Can role> in a production build (test/fixtures/hostile/app/pages/roles.vue): the
// server-rendered HTML holds exactly the elements of the roles the caller has, inheritance
// included (admin > editor > viewer), and nothing of the others.
await setupBuiltApp(fixturePath('hostile'))

const cookies: Record<string, string | null> = {}
async function page(user: 'admin' | 'editor' | 'viewer' | null): Promise<string> {
  if (user) {
    cookies[user] ??= await signIn(user, 'pw')
    expect(cookies[user], `sign-in as ${user}`).toBeTruthy()
  }
  const response = await request('/roles', user && cookies[user])
  expect(response.status).toBe(200)
  const html = await response.text()
  expect(html).toContain('roles page')
  return html
}

const rendered = (html: string) => [...html.matchAll(/data-case="([^"]+)"/g)].map(match => match[1]).sort()

const expected: Record<'signed out' | 'viewer' | 'editor' | 'admin', string[]> = {
  'signed out': ['can-not-editor', 'not-all-admin-editor', 'not-editor'],
  'viewer': ['can-not-editor', 'for-viewer', 'not-all-admin-editor', 'not-editor', 'viewer'],
  'editor': [
    'all-editor-viewer', 'any-admin-editor', 'can-any-admin-editor', 'can-viewer-and-read-report', 'editor', 'for-editor',
    'for-viewer', 'not-all-admin-editor', 'template-editor-a', 'template-editor-b', 'viewer', 'with-can-read-report',
  ],
  'admin': [
    'admin', 'all-admin-editor', 'all-editor-viewer', 'any-admin-editor', 'branch-if-admin', 'can-admin', 'can-all-admin-editor',
    'can-any-admin-editor', 'can-viewer-and-read-report', 'editor', 'for-admin', 'for-editor', 'for-viewer', 'template-editor-a',
    'template-editor-b', 'viewer', 'with-can-read-report',
  ],
}

describe('v-role and <Can role> in the server-rendered HTML', () => {
  it.each(Object.keys(expected) as Array<keyof typeof expected>)('%s: exactly the elements of the roles held', async (who) => {
    const html = await page(who === 'signed out' ? null : who)
    expect(rendered(html)).toEqual([...expected[who]].sort())
    // Compiled away: no directive attribute, no inert <template> left in the page.
    expect(html).not.toMatch(/v-role|<template/)
  })

  it('never an unconfigured role, a role in another case, or the v-else of a denied v-if', async () => {
    for (const who of [null, 'viewer', 'editor', 'admin'] as const) {
      const html = await page(who)
      for (const marker of ['unconfigured', 'other-case', 'branch-else-wrong', 'can-unconfigured']) {
        expect(html, `${marker} as ${who ?? 'signed out'}`).not.toContain(`data-case="${marker}"`)
      }
    }
  })

  it('where the module\'s compiler does not run (render function, runtime template), v-role hides, and shows to the role', async () => {
    for (const who of [null, 'viewer', 'editor'] as const) {
      const html = await page(who)
      expect(html, `${who ?? 'signed out'}`).toMatch(/<p data-runtime="render-admin" style="display:none;">/)
      expect(html, `${who ?? 'signed out'}`).toMatch(/<p data-runtime="template-admin" style="display:none;">/)
    }
    const html = await page('admin')
    expect(html).toMatch(/<p data-runtime="render-admin">/)
    expect(html).toMatch(/<p data-runtime="template-admin">/)
  })
})
