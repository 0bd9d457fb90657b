// Guarded in code: both roles at once.
export default defineEventHandler(async (event) => {
  await requireRole(event, ['editor', 'billing'], { all: true })
  return { audit: 'ok' }
})
