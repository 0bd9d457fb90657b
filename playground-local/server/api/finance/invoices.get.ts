// Billing only: it inherits nothing and no role inherits it, so not even an admin passes.
export default defineEventHandler(async (event) => {
  await requireRole(event, 'billing')
  return { invoices: [{ id: 'INV-1', total: 120 }] }
})
