import { subject } from '@casl/ability'

// Publishing needs data roles do not carry: the post.publish policy (server/rbac-policies.ts) asks
// the database whether the editor belongs to the post's workspace, and refuses locked posts with a
// reason the posts page shows.
export default defineEventHandler(async (event) => {
  // Signed-out callers get 401 and roles without editor 403 before the lookup: no probing of ids.
  await requireRole(event, 'editor')
  const post = await findPost(parsePostId(getRouterParam(event, 'id')))
  // A post the caller may not read is answered exactly like one that does not exist.
  await requireAbility(event, 'read', post && subject('Post', post), { notFound: true })
  // requireAbility has answered 404 for a missing post; this only tells TypeScript.
  if (!post) {
    throw createError({ statusCode: 404, statusMessage: 'Not Found' })
  }
  await requirePolicy(event, 'post.publish', post)
  return await savePost({ ...post, published: true })
})
