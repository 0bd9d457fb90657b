import { parseSync } from 'oxc-parser'
import type { FoundGuard } from '../../runtime/shared/audit/types'
import { unwrap, visit, within } from './ast'
import type { Node } from './ast'
import { effectsOf } from './effects'
import type { Effect, IsProvided } from './effects'
import { findEntrances } from './entrances'
import type { Entrance } from './entrances'
import { readGuard } from './guard-arguments'
import { unconditionalCalls } from './unconditional-calls'
import { analyseScopes } from './scope'
import { notAutoImported, spelledLiterally } from './auto-imports'
import type { Binding } from './scope'

export type { FoundGuard }

// Read with a real parser (oxc) and its scopes (oxc-walker), so that comments, strings, methods
// and local bindings of the same name never count.
const HTTP_GUARDS = new Set(['requireRole', 'requireAbility', 'requireRbac', 'requirePolicy'])
const UPGRADE_GUARD = 'requireRbacUpgrade'
const CUSTOM = new Set(['hasRole', 'hasAbility', 'hasRbac', 'getRbac', 'allowsPolicy'])
// Filters by the caller's rules: refuses visitors (401), never a signed-in caller.
const FILTER = 'accessibleBy'
const GUARD_SOURCES = new Set(['#imports', '#rbac-server'])
const READ_SOURCES = new Set(['#imports', 'h3'])
const REQUIRE_KINDS = new Set<FoundGuard['kind']>(['role', 'ability', 'record', 'requirement', 'policy', 'dynamic'])

export interface HandlerReading {
  /** `websocket` when the file's handler accepts websocket upgrades. */
  kind: 'http' | 'websocket'
  guards: FoundGuard[]
  /** What runs before the first guard that counts and does something, though it cannot answer (`db.query()`, `readBody()`). */
  sideEffects: string[]
}

export interface ReadOptions {
  /**
   * Whether a name used without any binding in the file is auto-imported from where the audit expects:
   * a guard's from the module's runtime, a handler factory or a read from h3 (or Nitro for
   * `useRuntimeConfig` and the cached handlers); false when auto-imports are off or the app's own
   * auto-import of that name wins.
   * @default () => true
   */
  autoImported?: (name: string) => boolean
  /**
   * Whether the app's policy of a name takes guests (`definePolicy(…, { guests: true })`);
   * undefined when the build cannot tell (no such policy written literally).
   */
  policyGuests?: (name: string) => boolean | undefined
}

/**
 * `line:column` (both from 1) of an offset, as editors and terminals link `file:line:column`:
 * oxc-parser's offsets count UTF-16 code units, like JavaScript strings and editors' columns.
 */
function position(code: string, offset: number): string {
  const before = code.slice(0, offset)
  const lines = before.split(/\r\n|[\n\r\u2028\u2029]/)
  return `${lines.length}:${lines.at(-1)!.length + 1}`
}

/** The guards a handler calls, in source order; throws on a file the parser cannot read, at its line and column. */
export function findGuards(code: string, filename: string, options: ReadOptions = {}): FoundGuard[] {
  return readHandler(code, filename, options).guards
}

/**
 * What a handler file's guards certainly stop. A guard counts only when it is the module's own
 * function (no binding of its name in any scope around the call and Nuxt's auto-import of it into
 * the file, or a value import from `#imports` or `#rbac-server` under its own name), called with
 * the handler's event (the upgrade's request for
 * `requireRbacUpgrade`), awaited or returned in a statement of the handler's own body, and after
 * nothing that may answer first: an h3 writer (`send…`, `serve…`, `set…`, `append…`, `write…`,
 * `proxy…`, `redirect…`, `delete…`), a pipe, a return or yield, a throw (but of a `createError` of
 * literals), a validated read, the event handed to code that is not a known read of h3's,
 * `event.node`, `event.respondWith`. Anything else is reported as `ineffective` with
 * the reason, and does not make the route guarded.
 */
export function readHandler(code: string, filename: string, options: ReadOptions = {}): HandlerReading {
  const { program, errors, comments } = parseSync(filename, code)
  if (errors.length > 0) {
    const error = errors[0]!
    const at = error.labels[0] ? `:${position(code, error.labels[0].start)}` : ''
    throw new SyntaxError(`${filename}${at}: ${error.message}`)
  }
  const root = program as unknown as Node
  const scopes = analyseScopes(root)
  const autoImported = options.autoImported ?? (() => true)
  const refused = notAutoImported(code, root, comments)
  const isModules = (name: string) => HTTP_GUARDS.has(name) || CUSTOM.has(name) || name === UPGRADE_GUARD || name === FILTER
  // Why a name is not the one the module or h3 provides, undefined when it is.
  const whyNotProvided = (identifier: Node, binding: Binding, sources: ReadonlySet<string>): string | undefined => {
    const name = identifier.name as string
    switch (binding.kind) {
      case 'free':
        return !spelledLiterally(code, identifier)
          ? `written with an escape (${code.slice(identifier.start as number, identifier.end as number)}), which Nuxt's auto-import does not read: a global`
          : refused(name) ?? (autoImported(name)
            ? undefined
            : isModules(name)
              ? 'nothing imports it (auto-imports are off, or another auto-import has this name)'
              : 'its auto-import is not h3\'s (the app\'s own export of this name wins, or auto-imports are off)')
      case 'import':
        return binding.typeOnly
          ? `a type-only import from '${binding.source}', nothing at run time`
          : sources.has(binding.source) && binding.imported === name ? undefined : `imported from '${binding.source}'${binding.imported === undefined ? '' : ` as ${binding.imported}`}`
      case 'local':
        return `${binding.what} of this name in the file`
    }
  }
  const isProvided: IsProvided = (identifier, binding) => whyNotProvided(identifier, binding, isModules(identifier.name as string) ? GUARD_SOURCES : READ_SOURCES) === undefined
  const shape = findEntrances(root, scopes, (identifier, binding) => whyNotProvided(identifier, binding, READ_SOURCES))
  const entrances = (shape?.entrances ?? []).map(entrance => ({
    entrance,
    effective: unconditionalCalls(entrance),
    effects: effectsOf(entrance, scopes, isProvided),
    counted: [] as Node[],
  }))

  const guards: Array<{ guard: FoundGuard, entrance?: Entrance }> = []
  visit(root, (node) => {
    const callee = node.type === 'CallExpression' ? node.callee as Node : undefined
    const name = callee?.type === 'Identifier' ? callee.name as string : undefined
    if (!callee || !name || !isModules(name)) {
      return
    }
    const notTheModules = whyNotProvided(callee, scopes.bindingOf(callee), GUARD_SOURCES)
    if (notTheModules) {
      guards.push({ guard: { kind: 'ineffective', call: name, why: `not the module's: ${notTheModules}` } })
      return
    }
    if (CUSTOM.has(name)) {
      guards.push({ guard: { kind: 'custom', call: name } })
      return
    }
    const found = entrances.find(({ entrance }) => entrance.fn && within(node, entrance.fn))
    const why = shape?.unreadable ?? whyIneffective(node, name, found, scopes.bindingOf)
    if (name === FILTER) {
      const [action, subject] = (node.arguments as Node[]).slice(1, 3).map(argument => literalString(argument))
      guards.push({ guard: { kind: 'filter', call: FILTER, ...(action === undefined ? {} : { action }), ...(subject === undefined ? {} : { subject }), refusesVisitors: why === undefined }, entrance: found?.entrance })
      return
    }
    if (why) {
      guards.push({ guard: { kind: 'ineffective', call: name, why }, entrance: found?.entrance })
      return
    }
    found!.counted.push(node)
    const guard = readGuard(name, (node.arguments as Node[]).slice(1), options.policyGuests)
    guards.push({ guard: name === UPGRADE_GUARD && guard.kind === 'requirement' ? { ...guard, call: name } : guard, entrance: found!.entrance })
  })

  // A handler that also answers another way (HTTP and websocket) is guarded only if each way is.
  const unguarded = entrances.find(({ counted }) => counted.length === 0)?.entrance
  const result = guards.map(({ guard, entrance }): FoundGuard => {
    if (!unguarded || !entrance || entrance === unguarded) {
      return guard
    }
    if (guard.kind === 'filter') {
      // Visitors come in the other way.
      return { ...guard, refusesVisitors: false }
    }
    return REQUIRE_KINDS.has(guard.kind)
      ? { kind: 'ineffective', call: callOf(guard, entrance), why: `the handler also answers ${unguarded.kind === 'websocket' ? 'websocket upgrades' : 'HTTP requests'} without a guard` }
      : guard
  })

  const sideEffects = unguarded
    ? []
    : entrances.flatMap(({ counted, effects }) => {
        const first = counted.reduce<Node | undefined>((earliest, call) => !earliest || (call.start as number) < (earliest.start as number) ? call : earliest, undefined)
        // Its own arguments run before it too.
        return first ? effects.sideEffects.filter(effect => effect.at < (first.end as number)).sort((a, b) => a.at - b.at).map(effect => effect.what) : []
      })
  return { kind: shape?.kind ?? 'http', guards: result, sideEffects: [...new Set(sideEffects)] }
}

function whyIneffective(call: Node, name: string, found: { entrance: Entrance, effective: Set<Node>, effects: { answers: Effect[] } } | undefined, bindingOf: (identifier: Node) => Binding): string | undefined {
  if (!found) {
    return name === UPGRADE_GUARD ? 'outside a websocket upgrade hook this audit can read' : 'outside an event handler this audit can read'
  }
  const { entrance, effective, effects } = found
  if (entrance.kind === 'http' && name === UPGRADE_GUARD) {
    return 'it guards a websocket upgrade, not an HTTP request'
  }
  if (entrance.kind === 'websocket' && name !== UPGRADE_GUARD) {
    return 'an HTTP guard in a websocket upgrade hook: use requireRbacUpgrade(request, …)'
  }
  if (entrance.preempted) {
    return entrance.preempted
  }
  if (!effective.has(call)) {
    return 'not awaited every time: inside an if, a try, a loop or a callback, behind && or ?:, or without await'
  }
  const argument = unwrap((call.arguments as Node[])[0])
  const declared = argument?.type === 'Identifier' ? bindingOf(argument) : undefined
  if (!entrance.param || declared?.kind !== 'local' || (declared.declaration?.node as unknown) !== entrance.param) {
    return entrance.kind === 'websocket' ? 'called with another request than the upgrade hook\'s' : 'called with another event than the handler\'s'
  }
  const first = effects.answers.filter(effect => effect.at < (call.end as number)).sort((a, b) => a.at - b.at)[0]
  return first ? `after ${first.what}, which may answer first` : undefined
}

/** A string written literally, else undefined. */
function literalString(wrapped: Node | undefined): string | undefined {
  const node = unwrap(wrapped)
  return node?.type === 'Literal' && typeof node.value === 'string' ? node.value : undefined
}

function callOf(guard: FoundGuard, entrance: Entrance): string {
  switch (guard.kind) {
    case 'role':
      return 'requireRole'
    case 'ability':
    case 'record':
      return 'requireAbility'
    case 'requirement':
      return guard.call ?? (entrance.kind === 'websocket' ? UPGRADE_GUARD : 'requireRbac')
    case 'policy':
      return 'requirePolicy'
    case 'dynamic':
    case 'filter':
    case 'custom':
    case 'ineffective':
      return guard.call
  }
}
