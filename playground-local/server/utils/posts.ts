/** The demo's posts, kept per server process; a real app reads its database. */
export interface Post {
  id: number
  title: string
  authorId: string
  locked: boolean
}

const posts = new Map<number, Post>([
  { id: 1, title: 'Tokens from our own backend', authorId: 'u1', locked: true },
  { id: 2, title: 'Bob\'s first draft, published', authorId: 'u2', locked: false },
  { id: 3, title: 'Refresh tokens, rotated', authorId: 'u1', locked: false },
].map(post => [post.id, post]))

export function listPosts(): Post[] {
  return [...posts.values()].map(post => ({ ...post }))
}

export function findPost(id: number): Post | undefined {
  const post = posts.get(id)
  return post && { ...post }
}

export function savePost(post: Post): Post {
  posts.set(post.id, { ...post })
  return { ...post }
}

/** The `:id` of a route, as a post id; anything else is the client's mistake (400). */
export function postIdParam(raw: string | undefined): number {
  const id = Number(raw)
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw createError({ statusCode: 400, statusMessage: 'Bad Request', message: 'A post id is a positive integer.' })
  }
  return id
}
