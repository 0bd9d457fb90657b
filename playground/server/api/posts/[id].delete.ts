import { subject } from '@casl/ability'

// Admins manage everything except locked posts (`cannot` overrides `can`).
export default defineEventHandler(async (event) => {
  const post = findPost(parsePostId(getRouterParam(event, 'id')))
  if (!post) {
    throw createError({ statusCode: 404, statusMessage: 'Not Found' })
  }
  await requireAbility(event, 'delete', subject('Post', post))
  return { deleted: post.id, dryRun: true }
})
