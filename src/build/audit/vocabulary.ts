// What the audit knows of h3's and the module's names: which calls read, which may answer.

/**
 * h3 writers by name: `send…`, `serve…`, `set…`, `append…`, `write…`, `proxy…`, `redirect…`,
 * `delete…` (a prefix followed by nothing or a capital), streams piped to the response, and what
 * reaches the event by another way: `useEvent()`, and `eval()`, which sees the handler's variables.
 */
export const WRITER = /^(?:send|serve|set|append|write|proxy|redirect|delete|pipe|flush|respond)(?![a-z\d_$])|^(?:end|pipeline|useEvent|eval)$/
/** h3 reads given the event: they cannot answer. */
export const READS = new Set([
  'getQuery', 'getValidatedQuery', 'getRouterParam', 'getRouterParams', 'getValidatedRouterParams', 'getHeader', 'getHeaders',
  'getRequestHeader', 'getRequestHeaders', 'getCookie', 'parseCookies', 'getMethod', 'isMethod', 'assertMethod', 'getRequestURL',
  'getRequestHost', 'getRequestProtocol', 'getRequestIP', 'getRequestPath', 'getRequestFingerprint', 'isPreflightRequest',
  'useRuntimeConfig', 'createError',
])
/** Reads of the request body: they cannot answer, but consume the body and cost work before the guard. */
export const BODY_READS = new Set(['readBody', 'readRawBody', 'readFormData', 'readMultipartFormData', 'readValidatedBody', 'getRequestWebStream'])
/** Reads whose validator runs before the guard: whatever it throws (its `data` included) is the answer. */
export const VALIDATED_READS = new Set(['getValidatedQuery', 'getValidatedRouterParams', 'readValidatedBody'])
/** What a `createError({…})` may hold and still answer nothing but a fixed status and message. */
export const PLAIN_ERROR_KEYS = new Set(['statusCode', 'statusMessage', 'message', 'status'])
/**
 * The module's own checks, given the event: they read the session and cannot answer. A policy that
 * `requirePolicy`/`allowsPolicy` runs is the app's code: the audit does not read into it.
 */
export const MODULE_CHECKS = new Set(['requireRole', 'requireAbility', 'requireRbac', 'requireRbacUpgrade', 'requirePolicy', 'hasRole', 'hasAbility', 'hasRbac', 'getRbac', 'allowsPolicy', 'accessibleBy'])
export const PURE_GLOBALS = new Set(['Number', 'String', 'Boolean', 'BigInt', 'Symbol', 'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'encodeURIComponent', 'decodeURIComponent', 'encodeURI', 'decodeURI', 'structuredClone'])
export const PURE_NAMESPACES = new Set(['JSON', 'Math', 'Object', 'Array', 'Number', 'String', 'Date', 'Promise'])
/** Methods of strings, arrays, maps and headers that read: called before a guard, they are no finding. */
export const PURE_METHODS = new Set([
  'toString', 'toLowerCase', 'toUpperCase', 'trim', 'trimStart', 'trimEnd', 'split', 'slice', 'substring', 'startsWith', 'endsWith',
  'includes', 'indexOf', 'at', 'padStart', 'padEnd', 'replace', 'replaceAll', 'match', 'test', 'join', 'concat', 'filter', 'map',
  'some', 'every', 'find', 'findIndex', 'keys', 'values', 'entries', 'has', 'get', 'toFixed', 'localeCompare',
])
/** Event properties that hold request data only. */
export const EVENT_READS = new Set(['path', 'method', 'url'])
/** The h3 names whose call builds an error (thrown, it is the answer). */
export const CREATE_ERROR = new Set(['createError'])
