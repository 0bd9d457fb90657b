// Stands in for server/rbac-policies.ts in apps without one: no policies.
export {}
