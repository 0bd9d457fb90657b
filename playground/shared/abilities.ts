import { defineAbilities } from '#rbac'

// One definition for the app and the server. `roles` already includes inherited roles.
export default defineAbilities<'read' | 'create' | 'update' | 'delete', 'Post' | 'User' | 'Invoice'>(({ roles, user }, { can, cannot }) => {
  if (roles.includes('viewer')) {
    can('read', 'Post')
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
    cannot('delete', 'Post', { locked: true })
  }
})
