// Guarded in code: any viewer may read (editors and admins inherit viewer).
export default defineEventHandler(async (event) => {
  await requireRole(event, 'viewer')
  return [
    { id: 1, title: 'Welcome to the playground' },
    { id: 2, title: 'Roles, inherited' },
  ]
})
