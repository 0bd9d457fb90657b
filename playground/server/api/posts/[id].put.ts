import { subject } from '@casl/ability'

// Editors update their own posts, admins any. First the check that needs no record (401 signed
// out, 403 for a role that may update no post), so the 404 below tells only those who may update
// some post which ids exist; then the check on the stored record, never on the client's body.
export default defineEventHandler(async (event) => {
  await requireAbility(event, 'update', 'Post')
  const post = await findPost(parsePostId(getRouterParam(event, 'id')))
  if (!post) {
    throw createError({ statusCode: 404, statusMessage: 'Not Found' })
  }
  await requireAbility(event, 'update', subject('Post', post))
  const body = await readBody<{ title?: unknown }>(event)
  if (typeof body?.title !== 'string' || body.title.trim() === '' || body.title.length > 200) {
    throw createError({ statusCode: 400, statusMessage: 'Bad Request', message: 'title must be a non-empty string of at most 200 characters.' })
  }
  return await savePost({ ...post, title: body.title.trim() })
})
