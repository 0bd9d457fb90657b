import { describe, expect, it } from 'vitest'
import { url } from '@nuxt/test-utils/e2e'
import { request } from './helpers/auth'
import { sessionCookie } from '../../src/test-utils'
import { builtApps } from './helpers/apps'
import { TEST_SECRET, setupBuiltApp } from './helpers/app'

// Policies (server/rbac-policies.ts): async checks with arguments that read data, and refusals
// that hide what exists. A production build: reasons reach the client only when exposed.
await setupBuiltApp(builtApps.policies)

const as = (uid: string, role?: string) => sessionCookie({ uid, ...(role ? { role } : {}) }, { secret: TEST_SECRET })
const forged = 'next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..forged.forged.forged'

async function answer(path: string, cookie?: string | null, init: RequestInit = {}): Promise<{ status: number, body: Record<string, unknown>, text: string }> {
  const response = await request(path, cookie, init)
  const text = await response.text()
  const body = (response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : {}) as Record<string, unknown>
  return { status: response.status, body, text }
}

interface Decision { outcome: string, status: number, requirement?: string, unmet?: string, uid?: string, path: string }

async function decisionsFor(path: string): Promise<Decision[]> {
  await new Promise(resolve => setTimeout(resolve, 50))
  const all = await (await fetch(url('/api/test/decisions'))).json() as Decision[]
  return all.filter(decision => decision.path === path)
}

describe('requirePolicy: a check that looks something up', () => {
  it('allows an editor of the post\'s workspace', async () => {
    const { status, body } = await answer('/api/posts/2/publish', await as('ed', 'editor'), { method: 'POST' })
    expect(status).toBe(200)
    expect(body).toEqual({ published: 2, by: 'ed' })
  })

  it('refuses an editor of another workspace with 403, and the admin who is no member either', async () => {
    expect((await answer('/api/posts/2/publish', await as('flo', 'editor'), { method: 'POST' })).status).toBe(403)
    expect((await answer('/api/posts/2/publish', await as('root', 'admin'), { method: 'POST' })).status).toBe(403)
  })

  it('answers 401 without a session, before the record is looked up', async () => {
    expect((await answer('/api/posts/2/publish', null, { method: 'POST' })).status).toBe(401)
    expect((await answer('/api/posts/999/publish', null, { method: 'POST' })).status).toBe(401)
    expect((await answer('/api/posts/2/publish', forged, { method: 'POST' })).status).toBe(401)
  })

  it('deny(reason, { expose: true }) shows its reason in production', async () => {
    const { status, body } = await answer('/api/posts/3/publish', await as('ed', 'editor'), { method: 'POST' })
    expect(status).toBe(403)
    expect(body.statusMessage).toBe('Forbidden')
    expect(body.data).toEqual({ reason: 'This post is locked' })
  })

  it('a plain refusal says nothing beyond 403 in production', async () => {
    const { body, text } = await answer('/api/posts/2/publish', await as('flo', 'editor'), { method: 'POST' })
    expect(body.data).toBeUndefined()
    expect(text).not.toContain('post.publish')
  })

  it('reaches the rbac:decision listener with the policy, who and what was unmet', async () => {
    await answer('/api/posts/4/publish', await as('nia', 'editor'), { method: 'POST' })
    const [denied] = (await decisionsFor('/api/posts/4/publish')).filter(decision => decision.requirement === 'policy post.publish')
    expect(denied).toMatchObject({ outcome: 'deny', status: 403, unmet: 'policy', uid: 'nia' })
  })
})

describe('policies for visitors ({ guests: true })', () => {
  it('let a visitor read a published post, and say there is no reader', async () => {
    const { status, body } = await answer('/api/public-posts/1')
    expect(status).toBe(200)
    expect(body).toEqual({ title: 'Published by ed', reader: null })
  })

  it('hide a draft from visitors and other users exactly like a missing post: 404', async () => {
    const missing = await answer('/api/public-posts/999')
    for (const cookie of [null, await as('flo', 'viewer'), forged]) {
      const draft = await answer('/api/public-posts/2', cookie)
      expect(draft.status).toBe(404)
      expect(draft.body.statusMessage).toBe(missing.body.statusMessage)
      expect(draft.body.data).toBeUndefined()
    }
  })

  it('show the draft to its author', async () => {
    const { status, body } = await answer('/api/public-posts/2', await as('ed', 'viewer'))
    expect(status).toBe(200)
    expect(body.reader).toBe('ed')
  })

  it('treat a forged cookie as a visitor: it gains nothing a visitor lacks', async () => {
    expect((await answer('/api/public-posts/1', forged)).status).toBe(200)
    expect((await answer('/api/public-posts/2', forged)).status).toBe(404)
  })
})

describe('a policy that fails refuses, never allows', () => {
  it('a throw answers 503 without the error, the stack or the secret in it', async () => {
    const { status, text, body } = await answer('/api/faults/throws', await as('ed', 'editor'))
    expect(status).toBe(503)
    expect(body.statusMessage).toBe('Service Unavailable')
    expect(text).not.toMatch(/hunter2|db\.internal|at .*\.mjs|stack/)
    expect(body.reached).toBeUndefined()
  })

  it('a hang answers 503 after the policy\'s timeout, not after the hang', async () => {
    const started = Date.now()
    const { status } = await answer('/api/faults/hangs', await as('ed', 'editor'))
    const took = Date.now() - started
    expect(status).toBe(503)
    expect(took).toBeGreaterThanOrEqual(190)
    expect(took).toBeLessThan(4000)
  })

  it('an answer other than true refuses (403)', async () => {
    const { status, body } = await answer('/api/faults/odd', await as('ed', 'editor'))
    expect(status).toBe(403)
    expect(body.reached).toBeUndefined()
  })

  it('an HTTP error the policy throws is its answer', async () => {
    expect((await answer('/api/faults/throws-404', await as('ed', 'editor'))).status).toBe(404)
  })

  it('allowsPolicy answers false for a refusal, a throw and a timeout', async () => {
    const { status, body } = await answer('/api/allows?id=3', await as('ed', 'editor'))
    expect(status).toBe(200)
    expect(body).toEqual({ publish: false, read: true, throws: false, hangs: false })
    expect((await answer('/api/allows?id=2', await as('ed', 'editor'))).body).toMatchObject({ publish: true, read: true })
    expect((await answer('/api/allows?id=2', null)).body).toMatchObject({ publish: false, read: false })
  })

  it('reports the fault to the decision listener as a 503 on a dependency', async () => {
    await answer('/api/faults/throws', await as('ed', 'editor'))
    const decisions = await decisionsFor('/api/faults/throws')
    expect(decisions.at(-1)).toMatchObject({ outcome: 'deny', status: 503, unmet: 'dependency', requirement: 'policy fault.throws' })
  })
})

describe('concurrent requests', () => {
  it('each policy sees its own request\'s caller, whatever finishes first', async () => {
    const [ed, flo] = await Promise.all([as('ed', 'viewer'), as('flo', 'viewer')])
    const calls = Array.from({ length: 24 }, (_, index) => {
      const [uid, cookie] = index % 2 === 0 ? ['ed', ed] : ['flo', flo]
      // Later requests wait less: the policies interleave and finish in the reverse order.
      return answer(`/api/caller-is?uid=${uid}&delay=${(24 - index) * 5}`, cookie)
    })
    const answers = await Promise.all(calls)
    expect(answers.map(({ status }) => status)).toEqual(Array(24).fill(200))
    expect(answers.map(({ body }) => body.uid)).toEqual(Array.from({ length: 24 }, (_, index) => index % 2 === 0 ? 'ed' : 'flo'))
    const crossed = await Promise.all([answer('/api/caller-is?uid=flo&delay=30', ed), answer('/api/caller-is?uid=ed&delay=10', flo)])
    expect(crossed.map(({ status }) => status)).toEqual([403, 403])
  })
})

describe('requireAbility(…, { notFound: true })', () => {
  it('answers a post the caller may not read exactly like a missing one', async () => {
    const viewer = await as('flo', 'viewer')
    const draft = await answer('/api/posts/2', viewer)
    const missing = await answer('/api/posts/999', viewer)
    expect(draft.status).toBe(404)
    expect(missing.status).toBe(404)
    // Nitro's error body names the URL asked for; everything else is the same.
    expect({ ...draft.body, url: undefined }).toEqual({ ...missing.body, url: undefined })
  })

  it('still lets the reader through, and answers 401 without a session, existing or not', async () => {
    expect((await answer('/api/posts/2', await as('ed', 'viewer'))).status).toBe(200)
    expect((await answer('/api/posts/1', await as('flo', 'viewer'))).status).toBe(200)
    expect((await answer('/api/posts/2')).status).toBe(401)
    expect((await answer('/api/posts/999')).status).toBe(401)
  })
})

describe('because(): reasons on cannot rules', () => {
  it('an exposed reason reaches the client in production', async () => {
    const { status, body } = await answer('/api/posts/3', await as('ed', 'editor'), { method: 'PUT' })
    expect(status).toBe(403)
    expect(body.data).toEqual({ reason: 'Locked posts cannot be edited' })
  })

  it('a reason not marked safe stays on the server', async () => {
    const { status, text } = await answer('/api/posts/3', await as('ed', 'editor'), { method: 'DELETE' })
    expect(status).toBe(403)
    expect(text).not.toContain('moderation queue')
  })

  it('a refusal no cannot rule made has no reason', async () => {
    const { status, body } = await answer('/api/posts/4', await as('ed', 'editor'), { method: 'PUT' })
    expect(status).toBe(403)
    expect(body.data).toBeUndefined()
    expect((await answer('/api/posts/2', await as('ed', 'editor'), { method: 'PUT' })).status).toBe(200)
  })
})

describe('accessibleBy: lists filtered by the database from the same rules', () => {
  const titles = async (cookie: string | null) => {
    const { status, body } = await answer('/api/posts', cookie)
    expect(status).toBe(200)
    return (body as unknown as Array<{ id: number }>).map(post => post.id)
  }

  it('each caller gets exactly the posts requireAbility lets them read, through Drizzle and through SQL', async () => {
    const callers = { ed: await as('ed', 'viewer'), flo: await as('flo', 'viewer'), root: await as('root', 'admin'), none: await as('nobody') }
    const expected = { ed: [1, 2, 3], flo: [1, 3, 4], root: [1, 2, 3, 4], none: [] }
    for (const [name, cookie] of Object.entries(callers)) {
      const listed = await titles(cookie)
      expect(listed, name).toEqual(expected[name as keyof typeof expected])
      expect((await answer('/api/posts/sql', cookie)).body, name).toEqual(listed)
      // The list and the record check agree: every post listed is readable, every other one is 404.
      for (const id of [1, 2, 3, 4]) {
        expect((await answer(`/api/posts/${id}`, cookie)).status, `${name} reads ${id}`).toBe(listed.includes(id) ? 200 : 404)
      }
    }
  })

  it('visitors get what the abilities file grants guests: published posts', async () => {
    expect(await titles(null)).toEqual([1, 3])
    expect(await titles(forged)).toEqual([1, 3])
    expect((await answer('/api/visible/1')).body).toEqual({ title: 'Published by ed', reader: null })
    expect((await answer('/api/visible/2')).status).toBe(404)
    expect((await answer('/api/visible/999')).status).toBe(404)
    expect((await answer('/api/visible/2', await as('ed', 'viewer'))).body).toEqual({ title: 'Draft by ed', reader: 'ed' })
  })

  it('requireAbility without guests still answers 401 to visitors', async () => {
    expect((await answer('/api/posts/1')).status).toBe(401)
  })
})
