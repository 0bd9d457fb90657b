import { subject } from '@casl/ability'

// Editors update their own posts, admins any but a locked one. The check without a record comes
// first (401 / 403 before 404), then the check on the stored post, never on the request body.
export default defineEventHandler(async (event) => {
  await requireAbility(event, 'update', 'Post')
  const post = findPost(postIdParam(getRouterParam(event, 'id')))
  if (!post) {
    throw createError({ statusCode: 404, statusMessage: 'Not Found' })
  }
  await requireAbility(event, 'update', subject('Post', post))
  const body = await readBody<{ title?: unknown } | null>(event)
  if (typeof body?.title !== 'string' || body.title.trim() === '' || body.title.length > 200) {
    throw createError({ statusCode: 400, statusMessage: 'Bad Request', message: 'title: 1 to 200 characters.' })
  }
  return savePost({ ...post, title: body.title.trim() })
})
