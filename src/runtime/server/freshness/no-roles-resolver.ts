// What `#rbac-roles` points to when the app has no roles resolver: freshness is off.
export default null
