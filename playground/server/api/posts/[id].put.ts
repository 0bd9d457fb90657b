import { subject } from '@casl/ability'

// Editors update their own posts, admins any. The check runs on the stored record, never on
// the body the client sent.
export default defineEventHandler(async (event) => {
  const id = parsePostId(getRouterParam(event, 'id'))
  const post = findPost(id)
  if (!post) {
    throw createError({ statusCode: 404, statusMessage: 'Not Found' })
  }
  await requireAbility(event, 'update', subject('Post', post))
  const body = await readBody<{ title?: unknown }>(event)
  if (typeof body?.title !== 'string' || body.title.trim() === '' || body.title.length > 200) {
    throw createError({ statusCode: 400, statusMessage: 'Bad Request', message: 'title must be a non-empty string of at most 200 characters.' })
  }
  return savePost({ ...post, title: body.title.trim() })
})
