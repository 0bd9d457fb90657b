import { describe, expect, it } from 'vitest'
import { rawRequest, request } from './helpers/auth'
import { playgroundPath, setupBuiltApp } from './helpers/app'
import { demoUserCookies } from './helpers/demo-users'
import type { Account } from './helpers/demo-users'

await setupBuiltApp(playgroundPath)
const cookies = demoUserCookies()

// Every marker on the home page and the visible text that goes with it.
const markers = {
  'cap-read-posts': 'You can read posts.',
  'cap-write-posts': 'You can write posts.',
  'cap-no-writing': 'You cannot write posts.',
  'cap-invoices': 'You can read invoices.',
  'cap-emails': 'e-mail address',
  'cap-manage-all': 'You can manage everything.',
  'cap-editor-and-billing': 'You hold both editor and billing.',
  'nav-posts': '>Posts<',
  'nav-new-post': '>Write<',
  'nav-editor': '>Editor desk<',
  'nav-admin': '>Admin<',
} as const
type Marker = keyof typeof markers

// What each user's server-rendered home page must show; every other marker must be absent.
const expected: Record<Account, Marker[]> = {
  anonymous: ['cap-no-writing'],
  viewer: ['cap-read-posts', 'cap-no-writing', 'nav-posts'],
  editor: ['cap-read-posts', 'cap-write-posts', 'nav-posts', 'nav-new-post', 'nav-editor'],
  casey: ['cap-read-posts', 'cap-write-posts', 'cap-invoices', 'cap-editor-and-billing', 'nav-posts', 'nav-new-post', 'nav-editor'],
  admin: ['cap-read-posts', 'cap-write-posts', 'cap-invoices', 'cap-emails', 'cap-manage-all', 'nav-posts', 'nav-new-post', 'nav-editor', 'nav-admin'],
  mallory: ['cap-no-writing'],
}

async function html(path: string, account: Account): Promise<string> {
  const response = await request(path, cookies[account])
  expect(response.status).toBe(200)
  return await response.text()
}

describe('server-rendered home page shows exactly what the role allows', () => {
  it.each(Object.entries(expected))('%s', async (account, allowed) => {
    const page = await html('/', account as Account)
    for (const [marker, text] of Object.entries(markers)) {
      const shown = allowed.includes(marker as Marker)
      expect(page.includes(`data-testid="${marker}"`), `${account}: ${marker}`).toBe(shown)
      expect(page.includes(text), `${account}: text of ${marker}`).toBe(shown)
    }
    // `<template v-can>` renders its children, never a literal <template> element.
    expect(page).not.toContain('<template')
  })
})

describe('v-can on records and inside v-for (posts page)', () => {
  it('an editor gets an edit button on their own posts only, among the posts they may read', async () => {
    const page = await html('/posts', 'editor')
    for (const own of [2, 5]) {
      expect(page).toContain(`data-testid="edit-${own}"`)
      expect(page).toContain(`data-testid="editable-${own}"`)
    }
    for (const other of [1, 4]) {
      expect(page).not.toContain(`data-testid="edit-${other}"`)
      expect(page).toContain(`data-testid="readonly-${other}"`)
      expect(page).not.toContain(`data-testid="editable-${other}"`)
    }
    // Others' drafts are not in the list at all: the database filtered them out.
    for (const hidden of [3, 6]) {
      expect(page).not.toContain(`data-testid="post-${hidden}"`)
    }
  })

  it('an admin may edit every post', async () => {
    const page = await html('/posts', 'admin')
    for (const id of [1, 2, 3, 4]) {
      expect(page).toContain(`data-testid="edit-${id}"`)
      expect(page).toContain(`data-testid="editable-${id}"`)
    }
    expect(page).not.toContain('data-testid="readonly-')
  })
})

describe('page guards during SSR', () => {
  const cases: Array<[path: string, account: Account, outcome: 'ok' | 'sign-in' | 'forbidden', content: string]> = [
    ['/admin', 'admin', 'ok', 'Admin area'],
    ['/admin', 'editor', 'forbidden', 'Admin area'],
    ['/admin', 'anonymous', 'sign-in', 'Admin area'],
    ['/admin/settings', 'admin', 'ok', 'Secret admin settings'],
    ['/admin/settings', 'editor', 'forbidden', 'Secret admin settings'],
    ['/admin/settings', 'anonymous', 'sign-in', 'Secret admin settings'],
    ['/editor', 'editor', 'ok', 'Editor desk</h1>'],
    ['/editor', 'admin', 'ok', 'Editor desk</h1>'],
    ['/editor', 'viewer', 'forbidden', 'Editor desk</h1>'],
    ['/posts/new', 'editor', 'ok', 'Write a post'],
    ['/posts/new', 'viewer', 'forbidden', 'Write a post'],
    ['/posts/new', 'mallory', 'forbidden', 'Write a post'],
    ['/posts', 'viewer', 'ok', 'data-testid="posts"'],
    ['/posts', 'mallory', 'forbidden', 'data-testid="posts"'],
  ]

  it.each(cases)('%s as %s → %s', async (path, account, outcome, content) => {
    const response = await request(path, cookies[account])
    const body = await response.text()
    if (outcome === 'ok') {
      expect(response.status).toBe(200)
      expect(body).toContain(content)
      return
    }
    expect(response.status).toBe(302)
    expect(body).not.toContain(content)
    const location = new URL(response.headers.get('location')!, 'http://placeholder')
    if (outcome === 'sign-in') {
      expect(location.pathname).toBe('/login')
      expect(location.searchParams.get('callbackUrl')).toBe(path)
    }
    else {
      expect(location.pathname).toBe('/forbidden')
      expect(location.searchParams.get('from')).toBe(path)
    }
  })
})

describe('callbackUrl stays on this site', () => {
  // The guard's callbackUrl is the page's own path, query included, and always same-origin.
  it.each([
    ['/admin?next=https://evil.example', '/admin?next=https://evil.example'],
    ['/admin?callbackUrl=//evil.example', '/admin?callbackUrl=//evil.example'],
  ])('%s', async (path, callback) => {
    const { status, location } = await rawRequest(path)
    expect(status).toBe(302)
    const target = new URL(location!, 'http://127.0.0.1')
    expect(target.hostname).toBe('127.0.0.1')
    expect(target.pathname).toBe('/login')
    expect(target.searchParams.get('callbackUrl')).toBe(callback)
  })

  // Spellings that point off-site are no page of this app: a plain 404, no redirect of any kind.
  it.each(['//evil.example/admin', '/\\evil.example/../admin', '/admin/..//evil.example'])('%s is a 404, never a redirect off-site', async (path) => {
    const { status, location, body } = await rawRequest(path)
    expect(status).toBe(404)
    expect(location).toBeUndefined()
    expect(body).not.toMatch(/http-equiv="refresh"/)
  })
})
