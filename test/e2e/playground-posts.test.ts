import { describe, expect, it } from 'vitest'
import { sessionCookie } from '../../src/test-utils'
import { request } from './helpers/auth'
import { TEST_SECRET, playgroundPath, setupBuiltApp } from './helpers/app'
import { demoAccounts, demoUserCookies } from './helpers/demo-users'
import type { Account } from './helpers/demo-users'

// The playground's posts live in PGlite (Postgres in the server process). GET /api/posts asks the
// database for what accessibleBy(event, 'read', 'Post') allows; POST /api/posts/:id/publish runs
// the post.publish policy, which looks up workspace membership there.
await setupBuiltApp(playgroundPath)
const cookies = demoUserCookies()

interface Post { id: number, title: string, authorId: string, workspace: string, published: boolean, locked: boolean }

// The seed (playground/server/utils/database.ts). Members: news 1 and 2, sports 4 and 6.
const seed: Post[] = [
  { id: 1, title: 'Welcome to the playground', authorId: '1', workspace: 'news', published: true, locked: true },
  { id: 2, title: 'Roles, inherited', authorId: '2', workspace: 'news', published: true, locked: false },
  { id: 3, title: 'A viewer\'s notes', authorId: '3', workspace: 'news', published: false, locked: false },
  { id: 4, title: 'Casey writes too', authorId: '4', workspace: 'sports', published: true, locked: false },
  { id: 5, title: 'Policies need data', authorId: '2', workspace: 'news', published: false, locked: false },
  { id: 6, title: 'Embargoed results', authorId: '4', workspace: 'sports', published: false, locked: true },
]

async function list(account: Account): Promise<{ status: number, body: unknown }> {
  const response = await request('/api/posts', cookies[account])
  return { status: response.status, body: await response.json() }
}

const publish = (id: number | string, cookie: string | null | undefined) => request(`/api/posts/${id}/publish`, cookie, { method: 'POST' })

describe('GET /api/posts: the database returns what each caller may read', () => {
  // shared/abilities.ts: viewers (and so editors) read published posts and their own; admins all.
  const readable: Record<Account, number | number[]> = {
    anonymous: 401,
    admin: [1, 2, 3, 4, 5, 6],
    editor: [1, 2, 4, 5],
    viewer: [1, 2, 3, 4],
    casey: [1, 2, 4, 6],
    mallory: 403,
  }

  it.each(Object.entries(readable))('%s → %j', async (account, expected) => {
    const { status, body } = await list(account as Account)
    if (typeof expected === 'number') {
      expect(status).toBe(expected)
      expect(body).toMatchObject({ statusCode: expected })
      return
    }
    expect(status).toBe(200)
    expect(body).toEqual(seed.filter(post => expected.includes(post.id)))
  })

  it('each list is exactly the stored posts the rule lets that user read', async () => {
    for (const account of ['editor', 'viewer', 'casey'] as const) {
      const { uid } = demoAccounts[account]
      expect((await list(account)).body, account).toEqual(seed.filter(post => post.published || post.authorId === uid))
    }
  })
})

describe('POST /api/posts/:id/publish: the post.publish policy', () => {
  it('refuses a locked post with the reason it exposes, and leaves it a draft', async () => {
    const response = await publish(6, cookies.casey)
    expect(response.status).toBe(403)
    expect(await response.json()).toMatchObject({ statusCode: 403, statusMessage: 'Forbidden', data: { reason: 'This post is locked' } })
    expect((await list('casey')).body).toContainEqual(seed[5])
  })

  it('refuses an editor outside the post\'s workspace, even an admin', async () => {
    const response = await publish(6, cookies.admin)
    expect(response.status).toBe(403)
    expect(await response.json()).toMatchObject({ data: { reason: 'Only editors of the sports workspace may publish its posts' } })
  })

  it('answers a post the caller may not read like a missing one: 404', async () => {
    const hidden = await publish(3, cookies.editor)
    const missing = await publish(999, cookies.editor)
    expect(hidden.status).toBe(404)
    expect(missing.status).toBe(404)
    const body = async (response: Response) => ({ ...await response.json() as object, url: undefined })
    expect(await body(hidden)).toEqual(await body(missing))
  })

  it('answers 401 signed out and 403 without the editor role, before looking the post up', async () => {
    for (const id of [5, 999]) {
      expect((await publish(id, null)).status).toBe(401)
      expect((await publish(id, cookies.viewer)).status).toBe(403)
      expect((await publish(id, cookies.mallory)).status).toBe(403)
    }
    expect((await publish('abc', cookies.editor)).status).toBe(400)
  })

  it('lets a member of the workspace publish: the post is stored published and others now list it', async () => {
    expect((await list('viewer')).body).not.toContainEqual(expect.objectContaining({ id: 5 }))
    const response = await publish(5, cookies.editor)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ ...seed[4], published: true })
    expect((await list('viewer')).body).toContainEqual({ ...seed[4], published: true })
    expect((await list('casey')).body).toContainEqual({ ...seed[4], published: true })
  })

  it('lets an admin of the workspace publish a draft of someone else\'s, not one of another workspace', async () => {
    const ash = await sessionCookie({ uid: '6', roles: ['admin'], name: 'Ash Admin' }, { secret: TEST_SECRET })
    expect((await publish(3, ash)).status).toBe(403)
    expect((await publish(3, cookies.admin)).status).toBe(200)
    expect((await list('editor')).body).toContainEqual({ ...seed[2], published: true })
  })
})
