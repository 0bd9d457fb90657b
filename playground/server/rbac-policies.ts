import type { Post } from './utils/posts'
import { isWorkspaceMember } from './utils/posts'

// Checks that roles and abilities cannot make: they need data. Run with requirePolicy(event, name, …).

/** An editor who belongs to the post's workspace may publish it, unless it is locked. */
export const publishPost = definePolicy('post.publish', async ({ caller, signal }, post: Post) => {
  if (!caller.effectiveRoles.includes('editor') || !await isWorkspaceMember(post.workspace, caller.uid, signal)) {
    return deny(`Only editors of the ${post.workspace} workspace may publish its posts`, { expose: true })
  }
  return post.locked ? deny('This post is locked', { expose: true }) : true
})
