import { readFile } from 'node:fs/promises'
import { parseSync } from 'oxc-parser'
import { unwrap, visit } from './ast'
import type { Node } from './ast'

/**
 * Whether each policy of the app's `server/rbac-policies.ts` takes guests, read from its source
 * (never run at build: it may import the app's database): `definePolicy('name', fn)` does not,
 * `definePolicy('name', fn, { guests: true })` does. A name it cannot read (not a literal, options
 * not written literally, defined twice) is left out: the audit then does not know.
 */
export function readPolicyGuests(code: string, filename: string): Map<string, boolean> {
  const { program, errors } = parseSync(filename, code)
  const guests = new Map<string, boolean>()
  if (errors.length > 0) {
    return guests
  }
  const seen = new Set<string>()
  visit(program as unknown as Node, (node) => {
    const callee = node.type === 'CallExpression' ? unwrap(node.callee as Node) : undefined
    if (callee?.type !== 'Identifier' || callee.name !== 'definePolicy') {
      return
    }
    const [first, , options] = node.arguments as Node[]
    const name = literalString(first)
    if (name === undefined) {
      return
    }
    const value = options === undefined ? false : guestsOption(options)
    if (seen.has(name) || value === undefined) {
      guests.delete(name)
    }
    else {
      guests.set(name, value)
    }
    seen.add(name)
  })
  return guests
}

/** The file's policies, or none when there is no file or it cannot be read. */
export async function loadPolicyGuests(file: string | undefined): Promise<Map<string, boolean>> {
  const code = file ? await readFile(file, 'utf8').catch(() => undefined) : undefined
  return code === undefined ? new Map() : readPolicyGuests(code, file!)
}

/** `{ guests: true }`, `{ timeout: 200 }`: the value of `guests`, false when absent; undefined when it cannot be read. */
function guestsOption(wrapped: Node): boolean | undefined {
  const node = unwrap(wrapped)
  if (node?.type !== 'ObjectExpression') {
    return undefined
  }
  let guests: boolean | undefined = false
  for (const property of node.properties as Node[]) {
    if (property.type !== 'Property' || property.computed) {
      // A spread may set it.
      guests = undefined
      continue
    }
    const key = property.key as Node
    if ((key.name ?? key.value) === 'guests') {
      const value = unwrap(property.value as Node)
      guests = value?.type === 'Literal' && typeof value.value === 'boolean' ? value.value : undefined
    }
  }
  return guests
}

function literalString(wrapped: Node | undefined): string | undefined {
  const node = unwrap(wrapped)
  return node?.type === 'Literal' && typeof node.value === 'string' ? node.value : undefined
}
