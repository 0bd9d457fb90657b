import { defineAbilities } from '#rbac'

// Imported by the app and the server alike. `roles` holds inherited roles too (admin → editor → viewer).
export default defineAbilities<'read' | 'create' | 'update' | 'delete', 'Post' | 'Invoice'>(({ roles, user }, { can, cannot }) => {
  if (roles.includes('viewer')) {
    can('read', 'Post')
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
    cannot('update', 'Post', { locked: true })
  }
})
