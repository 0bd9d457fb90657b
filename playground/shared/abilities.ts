import { defineAbilities } from '#rbac'

// One definition for the app and the server. `roles` already includes inherited roles.
export default defineAbilities<'read' | 'create' | 'update' | 'delete', 'Post' | 'User' | 'Invoice'>(({ roles, user }, { can, cannot }) => {
  if (roles.includes('viewer')) {
    // Published posts, and your own drafts: GET /api/posts asks the database for exactly these.
    can('read', 'Post', { published: true })
    can('read', 'Post', { authorId: user.uid })
    can('read', 'User', ['name'])
  }
  if (roles.includes('editor')) {
    can('create', 'Post')
    can('update', 'Post', { authorId: user.uid })
  }
  if (roles.includes('billing')) {
    can('read', 'Invoice')
  }
  if (roles.includes('admin')) {
    can('manage', 'all')
    cannot('delete', 'Post', { locked: true }).because('Locked posts cannot be deleted', { expose: true })
  }
})
