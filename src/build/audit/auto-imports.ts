import { visit } from './ast'
import type { Node } from './ast'
import { patternNames } from './scope'

/**
 * Names Nuxt's auto-imports (unimport) will not import into a file, with why. unimport decides per
 * file, on the text and not on scopes: a name declared, imported (type-only included) or re-exported
 * anywhere in the file is never imported, so a use of it where no binding reaches is a global.
 *
 * Two readings, either one is enough to refuse the name:
 * - the file's declarations in any scope (variables, functions and classes, named expressions
 *   included, imports of any kind, `export … from`, TypeScript's runtime declarations), except
 *   parameters and a `let`/`const` in a `for…of`/`for…in` head with a block body, which unimport
 *   shadows only over that loop;
 * - unimport's own detection (`detectImportsRegex`, its `excludeRE`, `importAsRE`, `separatorRE` and
 *   `matchRE` in unimport 6) run on the code with comments blanked and strings and templates
 *   emptied (its `stripCommentsAndStrings`), which also catches text that only looks like a
 *   declaration (`x.class\nrequireRole(…)`), and a name with no use it would import at all.
 */
export function notAutoImported(code: string, program: Node, comments: ReadonlyArray<{ start: number, end: number }>): (name: string) => string | undefined {
  const declared = declaredNames(program)
  const stripped = stripCommentsAndStrings(code, program, comments)
  const excluded = new Set<string>()
  const shadows = new Map<string, Array<[number, number]>>()
  for (const pattern of EXCLUDE) {
    for (const match of stripped.matchAll(pattern)) {
      const range = forLoopRange(stripped, match)
      for (const segment of [...(match[1]?.split(SEPARATOR) ?? []), ...(match[2]?.split(SEPARATOR) ?? [])]) {
        const name = segment.replace(IMPORT_AS, '').trim()
        if (!name) {
          continue
        }
        if (range) {
          shadows.set(name, [...(shadows.get(name) ?? []), range])
        }
        else {
          excluded.add(name)
        }
      }
    }
  }
  const used = new Set<string>()
  for (const match of stripped.matchAll(MATCH)) {
    const before = match[1]!
    const next = stripped[match.index + match[0].length]
    if (before === '.' || (next === ':' && !['?', 'case'].includes(before.trim()) && stripped[match.index - 1] !== ':')) {
      continue
    }
    const at = match.index + before.length
    if (!shadows.get(match[2]!)?.some(([start, end]) => at >= start && at <= end)) {
      used.add(match[2]!)
    }
  }
  return (name) => {
    const what = declared.get(name)
    if (what) {
      return `${what} of this name elsewhere in the file, so Nuxt does not auto-import it`
    }
    if (excluded.has(name)) {
      return 'the file\'s text declares, imports or exports this name somewhere, so Nuxt does not auto-import it'
    }
    if (!used.has(name)) {
      return 'never written as Nuxt\'s auto-import looks for it, so Nuxt does not import it'
    }
    return undefined
  }
}

/** Whether an identifier is written as its name, without a unicode escape unimport's text matching would not see. */
export function spelledLiterally(code: string, identifier: Node): boolean {
  return code.slice(identifier.start as number, identifier.end as number) === identifier.name
}

// unimport 6's patterns (RE_EXCLUDE, RE_IMPORT_AS, RE_SEPARATOR, RE_MATCH), written out here.
const EXCLUDE = [
  /\b(import|export)\b([\w$*{},\s]+?)\bfrom\s*["']/g,
  /\bfunction\s*([\w$]+)\s*\(/g,
  /\bclass\s+([\w$]+)/g,
  // eslint-disable-next-line regexp/no-super-linear-backtracking
  /\b(?:const|let|var)\s+?(\[.*?\]|\{.*?\}|.+?)\s*?(?:[=;\n]|\bof\b|\bin\b)/gs,
]
const IMPORT_AS = /^.*\sas\s+/
const SEPARATOR = /[,[\]{}\n]|\b(?:import|export)\b/g
// It backtracks as unimport's does, on the same files: the audit reads no more than the build.
// eslint-disable-next-line regexp/no-super-linear-backtracking
const MATCH = /(^|\.\.\.|(?:\bcase|\?)\s+|[^\w$/)]|\bextends\s+)([\w$]+)\s*(?=[.()[\]}:;?+\-*&|`<>,\n%/^~]|[!=]=|\b(?:instanceof|in)\b|$|(?<=extends\s+\w+)\s+\{)/g

/** unimport's getForLoopDeclarationRange: a `let`/`const` of a `for…of`/`for…in` with a block body hides the name only there. */
function forLoopRange(code: string, match: RegExpExecArray | RegExpMatchArray): [number, number] | undefined {
  if (!/\b(?:of|in)\s*$/.test(match[0]) || /\bvar\s+/.test(match[0])) {
    return undefined
  }
  const start = match.index!
  const header = /\bfor\s*(?:await\s*)?\([^()]*$/.exec(code.slice(0, start))
  const open = header ? code.indexOf('(', header.index) : -1
  const close = open === -1 ? -1 : matching(code, open, '(', ')')
  if (close === -1) {
    return undefined
  }
  let body = close + 1
  while (/\s/.test(code[body] ?? '')) {
    body++
  }
  const end = code[body] === '{' ? matching(code, body, '{', '}') : -1
  return end === -1 ? undefined : [start, end]
}

function matching(code: string, start: number, open: string, close: string): number {
  let depth = 0
  for (let index = start; index < code.length; index++) {
    if (code[index] === open) {
      depth++
    }
    else if (code[index] === close && --depth === 0) {
      return index
    }
  }
  return -1
}

/** The code with comments blanked and the insides of strings, templates and regular expressions emptied, offsets kept. */
function stripCommentsAndStrings(code: string, program: Node, comments: ReadonlyArray<{ start: number, end: number }>): string {
  const chars = code.split('')
  const blank = (start: number, end: number) => {
    for (let index = start; index < end; index++) {
      if (chars[index] !== '\n') {
        chars[index] = ' '
      }
    }
  }
  for (const comment of comments) {
    blank(comment.start, comment.end)
  }
  visit(program, (node) => {
    if (node.type === 'Literal' && (typeof node.value === 'string' || node.regex)) {
      const start = node.start as number
      const end = node.end as number
      const close = node.regex ? code.lastIndexOf('/', end - 1) : end - 1
      blank(start + 1, close)
    }
    else if (node.type === 'TemplateElement') {
      blank(node.start as number, node.end as number)
    }
  })
  return chars.join('')
}

const DECLARATIONS: Record<string, string> = {
  FunctionDeclaration: 'a function',
  FunctionExpression: 'a named function expression',
  TSDeclareFunction: 'a declared function',
  ClassDeclaration: 'a class',
  ClassExpression: 'a named class expression',
  TSEnumDeclaration: 'an enum',
  TSModuleDeclaration: 'a namespace',
  TSImportEqualsDeclaration: 'an import = require()',
}

/** Every name the file declares, imports or re-exports, in any scope, as unimport counts them. */
function declaredNames(program: Node): Map<string, string> {
  const names = new Map<string, string>()
  const add = (name: unknown, what: string) => {
    if (typeof name === 'string' && !names.has(name)) {
      names.set(name, what)
    }
  }
  const loopScoped = new Set<Node>()
  visit(program, (node) => {
    const declaration = node.left as Node | undefined
    if ((node.type === 'ForOfStatement' || node.type === 'ForInStatement') && declaration?.type === 'VariableDeclaration' && declaration.kind !== 'var' && (node.body as Node).type === 'BlockStatement') {
      loopScoped.add(declaration)
    }
    const id = node.id as Node | null | undefined
    if (DECLARATIONS[node.type] && id?.type === 'Identifier') {
      add(id.name, DECLARATIONS[node.type]!)
    }
    if (node.type === 'VariableDeclaration' && !loopScoped.has(node)) {
      for (const declarator of node.declarations as Node[]) {
        for (const name of patternNames(declarator.id as Node)) {
          add(name, `a ${node.kind as string}`)
        }
      }
    }
    if (node.type === 'ImportDeclaration') {
      for (const specifier of node.specifiers as Node[]) {
        add((specifier.local as Node).name, node.importKind === 'type' || specifier.importKind === 'type' ? 'a type-only import' : 'an import')
      }
    }
    if ((node.type === 'ExportNamedDeclaration' && node.source) || node.type === 'ExportAllDeclaration') {
      const exported = node.type === 'ExportAllDeclaration' ? [node.exported as Node | null] : (node.specifiers as Node[]).map(specifier => specifier.exported as Node)
      for (const name of exported) {
        add(name?.name ?? name?.value, 'a re-export')
      }
    }
  })
  return names
}
