// PGlite takes seconds to create its database: start it with the server rather than on the first
// request that lists posts. A failure is that request's to report (useDatabase tries again).
export default defineNitroPlugin(() => {
  useDatabase().catch(() => {})
})
