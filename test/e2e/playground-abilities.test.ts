import { describe, expect, it } from 'vitest'
import { request } from './helpers/auth'
import { playgroundPath, setupBuiltApp } from './helpers/app'
import { demoUserCookies } from './helpers/demo-users'
import type { Account } from './helpers/demo-users'

await setupBuiltApp(playgroundPath)
const cookies = demoUserCookies()

const putTitle = (id: number, account: Account, title = `edited by ${account}`) =>
  request(`/api/posts/${id}`, cookies[account], {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  })

// Posts in the playground: 1 by admin (locked), 2 by editor, 3 by viewer, 4 by casey.
describe('requireAbility on stored records (PUT /api/posts/:id)', () => {
  const cases: Array<[account: Account, post: number, status: number]> = [
    ['anonymous', 2, 401],
    ['editor', 2, 200], // own post
    ['editor', 4, 403], // someone else's
    ['casey', 4, 200],
    ['casey', 2, 403],
    ['viewer', 3, 403], // own, but viewers do not edit
    ['mallory', 2, 403],
    ['admin', 2, 200], // manage all
    ['admin', 4, 200],
  ]

  it.each(cases)('%s updating post %i → %i', async (account, post, status) => {
    const response = await putTitle(post, account)
    expect(response.status).toBe(status)
    if (status === 200) {
      expect(await response.json()).toMatchObject({ id: post, title: `edited by ${account}` })
    }
  })

  it('a denied update changes nothing', async () => {
    await putTitle(4, 'editor', 'hijacked')
    const posts = await (await request('/api/posts', cookies.viewer)).json() as Array<{ id: number, title: string }>
    expect(posts.find(post => post.id === 4)?.title).not.toBe('hijacked')
  })

  it('404 for a missing post, 400 for a bad id or body', async () => {
    expect((await putTitle(999, 'admin')).status).toBe(404)
    expect((await putTitle(0, 'admin')).status).toBe(400)
    expect((await putTitle(2, 'editor', '')).status).toBe(400)
  })
})

describe('cannot overrides can (DELETE /api/posts/:id)', () => {
  it.each([
    ['admin', 1, 403], // locked
    ['admin', 2, 200],
    ['editor', 2, 403],
    ['anonymous', 2, 401],
  ] as Array<[Account, number, number]>)('%s deleting post %i → %i', async (account, post, status) => {
    expect((await request(`/api/posts/${post}`, cookies[account], { method: 'DELETE' })).status).toBe(status)
  })
})

describe('a body cannot choose its subject type', () => {
  it('an editor\'s own-looking Post object from the body is not a Post', async () => {
    const response = await request('/api/posts/check', cookies.editor, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ __caslSubjectType__: 'Post', authorId: '2' }),
    })
    expect(await response.json()).toEqual({ canUpdateClaimed: false })
  })
})

describe('permitted fields in API responses (GET /api/users)', () => {
  it('viewers see names only', async () => {
    const users = await (await request('/api/users', cookies.viewer)).json() as object[]
    expect(users).toHaveLength(6)
    for (const user of users) {
      expect(Object.keys(user)).toEqual(['name'])
    }
  })

  it('admins see every field', async () => {
    const users = await (await request('/api/users', cookies.admin)).json() as Array<Record<string, unknown>>
    expect(users[0]).toEqual({ id: '1', name: 'Ada Admin', email: 'ada@example.com', roles: ['admin'] })
  })

  it('no role: 403; no session: 401', async () => {
    expect((await request('/api/users', cookies.mallory)).status).toBe(403)
    expect((await request('/api/users')).status).toBe(401)
  })
})
