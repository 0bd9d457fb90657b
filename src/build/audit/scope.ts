import { ScopeTracker, walk } from 'oxc-walker'
import type { ScopeTrackerNode } from 'oxc-walker'
import type { Node } from './ast'

/**
 * What a name refers to where it is used: nothing in the file (a global, or Nuxt's auto-import),
 * an import, or a binding of the file's own (a variable, a parameter, a function, a class…).
 */
export type Binding
  = | { kind: 'free' }
    | { kind: 'import', source: string, imported: string | undefined, typeOnly: boolean }
    | { kind: 'local', what: string, declaration: ScopeTrackerNode | undefined }

export interface Scopes {
  /** The parent of every node of the file. */
  parentOf: (node: Node) => Node | undefined
  /** What an identifier resolves to, from where it is written. */
  bindingOf: (identifier: Node) => Binding
}

/**
 * Scope analysis of a whole file with oxc-walker's ScopeTracker: a first pass records every
 * declaration of every scope, a second resolves each identifier from where it stands, so a
 * function declared after its use still counts.
 */
export function analyseScopes(program: Node): Scopes {
  const tracker = new ScopeTracker({ preserveExitedScopes: true })
  // What the tracker does not model: `var` is declared in the block it is written in (it belongs
  // to the whole function), and TypeScript's runtime declarations are not declared at all.
  const untracked = new Map<string, string>()
  walk(program as never, {
    scopeTracker: tracker,
    enter(raw) {
      const node = raw as unknown as Node
      if (node.type === 'VariableDeclaration' && node.kind === 'var') {
        for (const declarator of node.declarations as Node[]) {
          for (const name of patternNames(declarator.id as Node)) {
            untracked.set(name, 'a var')
          }
        }
      }
      const what = UNTRACKED_DECLARATIONS[node.type]
      const id = node.id as Node | null | undefined
      if (what && id?.type === 'Identifier') {
        untracked.set(id.name as string, what)
      }
    },
  })
  tracker.freeze()
  const parents = new Map<Node, Node | undefined>()
  const declarations = new Map<Node, ScopeTrackerNode | null>()
  walk(program as never, {
    scopeTracker: tracker,
    enter(raw, parent) {
      const node = raw as unknown as Node
      parents.set(node, (parent ?? undefined) as Node | undefined)
      if (node.type === 'Identifier') {
        declarations.set(node, tracker.getDeclaration(node.name as string))
      }
    },
  })
  return {
    parentOf: node => parents.get(node),
    bindingOf(identifier) {
      const name = identifier.name as string
      const declaration = declarations.get(identifier) ?? null
      if (!declaration) {
        const what = untracked.get(name)
        return what ? { kind: 'local', what: `${what} elsewhere in the file`, declaration: undefined } : { kind: 'free' }
      }
      if (declaration.type === 'Import') {
        const specifier = declaration.node as unknown as Node
        const imported = specifier.type === 'ImportSpecifier' ? specifier.imported as Node : undefined
        const typeOnly = (declaration.importNode as unknown as Node).importKind === 'type' || specifier.importKind === 'type'
        return { kind: 'import', source: (declaration.importNode.source as unknown as Node).value as string, imported: imported ? (imported.name ?? imported.value) as string : undefined, typeOnly }
      }
      return { kind: 'local', what: describeDeclaration(declaration), declaration }
    },
  }
}

const UNTRACKED_DECLARATIONS: Record<string, string> = {
  TSDeclareFunction: 'a declared function',
  TSImportEqualsDeclaration: 'an import = require()',
  TSEnumDeclaration: 'an enum',
  TSModuleDeclaration: 'a namespace',
}

function describeDeclaration(declaration: ScopeTrackerNode): string {
  switch (declaration.type) {
    case 'FunctionParam':
      return 'a parameter'
    case 'Function':
      return 'a function'
    case 'Variable': {
      const plain = declaration.variableNode.declarations.some(declarator => (declarator.id as unknown) === (declaration.node as unknown))
      return `a ${declaration.variableNode.kind}${plain ? '' : ' (destructured)'}`
    }
    case 'CatchParam':
      return 'a catch parameter'
    case 'Identifier':
      return 'a class'
    case 'Import':
      return 'an import'
  }
}

/** The names a binding pattern declares. */
export function patternNames(pattern: Node | null | undefined): string[] {
  switch (pattern?.type) {
    case 'Identifier':
      return [pattern.name as string]
    case 'AssignmentPattern':
      return patternNames(pattern.left as Node)
    case 'RestElement':
      return patternNames(pattern.argument as Node)
    case 'ArrayPattern':
      return (pattern.elements as Array<Node | null>).flatMap(patternNames)
    case 'ObjectPattern':
      return (pattern.properties as Node[]).flatMap(property => patternNames((property.type === 'RestElement' ? property.argument : property.value) as Node))
    default:
      return []
  }
}
