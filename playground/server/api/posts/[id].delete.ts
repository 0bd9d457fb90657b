import { subject } from '@casl/ability'

// Admins manage everything except locked posts (`cannot` overrides `can`). The type-level check
// comes first, so a caller who may delete no post at all learns nothing about which ids exist.
export default defineEventHandler(async (event) => {
  await requireAbility(event, 'delete', 'Post')
  const post = await findPost(parsePostId(getRouterParam(event, 'id')))
  if (!post) {
    throw createError({ statusCode: 404, statusMessage: 'Not Found' })
  }
  await requireAbility(event, 'delete', subject('Post', post))
  return { deleted: post.id, dryRun: true }
})
