/** The playground's posts. Kept per server process; a real app uses its database. */
export interface Post {
  id: number
  title: string
  authorId: string
  locked: boolean
}

const initialPosts: readonly Post[] = [
  { id: 1, title: 'Welcome to the playground', authorId: '1', locked: true },
  { id: 2, title: 'Roles, inherited', authorId: '2', locked: false },
  { id: 3, title: 'A viewer\'s notes', authorId: '3', locked: false },
  { id: 4, title: 'Casey writes too', authorId: '4', locked: false },
]

const posts = new Map(initialPosts.map(post => [post.id, { ...post }]))

export function listPosts(): Post[] {
  return [...posts.values()].map(post => ({ ...post }))
}

export function findPost(id: number): Post | undefined {
  const post = posts.get(id)
  return post ? { ...post } : undefined
}

export function savePost(post: Post): Post {
  posts.set(post.id, { ...post })
  return { ...post }
}

export function parsePostId(raw: string | undefined): number {
  const id = Number(raw)
  if (!Number.isInteger(id) || id <= 0) {
    throw createError({ statusCode: 400, statusMessage: 'Bad Request', message: 'Post id must be a positive integer.' })
  }
  return id
}
