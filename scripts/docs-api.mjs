// Writes the documentation site's API reference (docs/api/*.md) from the package's public exports:
// each export's signature as the source declares it, and its JSDoc (@example, @default). Types of
// this package that the signatures name (Role, RbacRequirement…) are listed after the exports, so
// every name on a page can be looked up on it. Run by `npm run docs:build` before VitePress; the
// pages are generated, not committed (docs/api/ is git-ignored): the JSDoc in src/ is the one copy.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const root = fileURLToPath(new URL('..', import.meta.url))
const output = join(root, 'docs/api')

/** One page per public entry point. `only` keeps the listed exports of a file that has others. */
export const entries = [
  {
    page: 'server',
    title: 'Server utils (`#rbac-server`)',
    file: 'src/runtime/server/public.ts',
    intro: 'Auto-imported in Nitro (your `server/` folder); with auto-imports off, import them from `#rbac-server`. Guide: [Server utils](../guide/server-utils.md).',
  },
  {
    page: 'shared',
    title: 'Shared helpers (`#rbac`)',
    file: 'src/runtime/shared/public.ts',
    intro: 'For files shared by app and server, such as `shared/abilities.ts`. Guide: [Abilities](../guide/abilities.md).',
  },
  {
    page: 'use-rbac',
    title: '`useRbac()`',
    file: 'src/runtime/app/composables/useRbac.ts',
    intro: 'Auto-imported in the app. Guide: [Pages and templates](../guide/pages-and-templates.md).',
  },
  {
    page: 'module-options',
    title: 'Module options',
    file: 'src/build/options.ts',
    only: ['ModuleOptions'],
    intro: 'The `rbac` key of `nuxt.config`. Guide: [Module options](../guide/module-options.md).',
  },
  {
    page: 'test-utils',
    title: 'Test utils (`nuxt-auth-rbac/test-utils`)',
    file: 'src/test-utils.ts',
    intro: 'For `@nuxt/test-utils` end-to-end tests. Guide: [Testing](../guide/testing.md).',
  },
]

/** Markdown prose from JSDoc text: `<` and `{{` outside code spans would be read as HTML or Vue by VitePress. */
function prose(text) {
  return text.split(/(`[^`]*`)/).map((part, index) => index % 2 === 1 ? part : part.replaceAll('<', '&lt;').replaceAll('{{', '&#123;&#123;')).join('')
}

function tagText(tag) {
  return ts.displayPartsToString(tag.text ?? []).trim()
}

/** The declaration's JSDoc as Markdown: the comment, then @default, @example and any other tag. */
function docsOf(symbol, checker) {
  const lines = []
  const comment = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim()
  if (comment) {
    lines.push(prose(comment), '')
  }
  for (const tag of symbol.getJsDocTags(checker)) {
    const text = tagText(tag)
    if (tag.name === 'example') {
      lines.push('Example:', '', '```ts', text, '```', '')
    }
    else if (tag.name === 'default') {
      lines.push(`Default: \`${text}\``, '')
    }
    else {
      lines.push(`@${tag.name} ${prose(text)}`.trim(), '')
    }
  }
  return lines
}

/** The signature of a function declaration without its body: parameters with defaults become optional. */
function functionSignature(node, source) {
  const typeParameters = node.typeParameters ? `<${node.typeParameters.map(parameter => parameter.getText(source)).join(', ')}>` : ''
  const parameters = node.parameters.map((parameter) => {
    const optional = parameter.questionToken || parameter.initializer ? '?' : ''
    const type = parameter.type ? `: ${parameter.type.getText(source)}` : ''
    return `${parameter.dotDotDotToken ? '...' : ''}${parameter.name.getText(source)}${optional}${type}`
  })
  const returns = node.type ? `: ${node.type.getText(source)}` : ''
  return `function ${node.name.getText(source)}${typeParameters}(${parameters.join(', ')})${returns}`
}

/** A declaration's text without comments, for interfaces and type aliases. */
function declarationText(node, source) {
  const printer = ts.createPrinter({ removeComments: true })
  const text = printer.printNode(ts.EmitHint.Unspecified, node, source)
  // The printer indents by four spaces; the house style is two.
  return text.replace(/^export\s+/, '').replace(/^declare\s+/, '').replace(/^( {4})+/gm, indent => ' '.repeat(indent.length / 2))
}

function codeBlock(text) {
  return ['```ts', text, '```', '']
}

/** The members of an interface, each with its own JSDoc. */
function memberDocs(node, checker) {
  const lines = []
  for (const member of node.members) {
    const symbol = member.name && checker.getSymbolAtLocation(member.name)
    if (!symbol) {
      continue
    }
    const [first = '', ...rest] = docsOf(symbol, checker)
    lines.push(`- \`${member.name.getText()}${member.questionToken ? '?' : ''}\`${first ? `: ${first.replaceAll('\n', '\n  ')}` : ''}`)
    // @default and @example under the member, indented into its list item.
    const more = rest.join('\n').trim()
    if (more) {
      lines.push('', ...more.split('\n').map(line => line === '' ? '' : `  ${line}`), '')
    }
  }
  return [...lines, '']
}

/** Names of this package's own types that a declaration's type annotations refer to. */
function referencedTypes(node, checker) {
  const found = []
  const visit = (child) => {
    if (ts.isTypeReferenceNode(child) || ts.isExpressionWithTypeArguments(child)) {
      const name = ts.isTypeReferenceNode(child) ? child.typeName : child.expression
      let symbol = checker.getSymbolAtLocation(name)
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) {
        symbol = checker.getAliasedSymbol(symbol)
      }
      const declaration = symbol?.declarations?.[0]
      // Exported types only: a file's private helper types show in the code of the type using them.
      const exported = declaration && ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Export
      if (exported && isOwnSource(declaration.getSourceFile()) && (ts.isInterfaceDeclaration(declaration) || ts.isTypeAliasDeclaration(declaration))) {
        found.push(symbol)
      }
    }
    ts.forEachChild(child, visit)
  }
  ts.forEachChild(node, (child) => {
    // A function's body is its own business: only its signature is public.
    if (!ts.isBlock(child)) {
      visit(child)
    }
  })
  return found
}

function isOwnSource(source) {
  return !relative(join(root, 'src'), source.fileName).startsWith('..')
}

/** The Markdown section of one exported symbol, and the package types its declaration names. */
function renderSymbol(name, symbol, checker) {
  const declarations = symbol.declarations ?? []
  const lines = [`## ${name}`, '']
  const references = []
  const functions = declarations.filter(ts.isFunctionDeclaration)
  // Overloads are what callers see; the implementation's signature is not callable as written.
  const signatures = functions.some(node => !node.body) ? functions.filter(node => !node.body) : functions
  if (signatures.length > 0) {
    lines.push(...codeBlock(signatures.map(node => functionSignature(node, node.getSourceFile())).join('\n')))
    signatures.forEach(node => references.push(...referencedTypes(node, checker)))
  }
  for (const node of declarations) {
    if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) {
      lines.push(...codeBlock(declarationText(node, node.getSourceFile())))
      references.push(...referencedTypes(node, checker))
    }
  }
  lines.push(...docsOf(symbol, checker))
  for (const node of declarations) {
    if (ts.isInterfaceDeclaration(node) && node.members.some(member => member.name && checker.getSymbolAtLocation(member.name)?.getDocumentationComment(checker).length)) {
      lines.push(...memberDocs(node, checker))
    }
  }
  return { lines, references }
}

function renderPage(entry, program) {
  const checker = program.getTypeChecker()
  const source = program.getSourceFile(join(root, entry.file))
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(source))
    .filter(symbol => !entry.only || entry.only.includes(symbol.name))
  if (exports.length === 0) {
    throw new Error(`[docs-api] ${entry.file} exports nothing to document`)
  }
  const lines = [`# ${entry.title}`, '', entry.intro, '', '_Generated from the source by `scripts/docs-api.mjs`._', '']
  const documented = new Set()
  const referenced = []
  for (const exported of exports) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
    const { lines: section, references } = renderSymbol(exported.name, symbol, checker)
    lines.push(...section)
    documented.add(symbol)
    referenced.push(...references)
  }
  // The package's types these signatures name, and the types those name in turn.
  const extra = []
  for (let index = 0; index < referenced.length; index++) {
    const symbol = referenced[index]
    if (documented.has(symbol)) {
      continue
    }
    documented.add(symbol)
    const { lines: section, references } = renderSymbol(symbol.name, symbol, checker)
    extra.push(...section.map(line => line.startsWith('## ') ? `#${line}` : line))
    referenced.push(...references)
  }
  if (extra.length > 0) {
    lines.push('## Types these signatures use', '', ...extra)
  }
  return { text: `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`, names: exports.map(symbol => symbol.name) }
}

export function writeApiDocs() {
  const options = {
    target: ts.ScriptTarget.ESNext,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    noEmit: true,
    // Only the package's own files are read: signatures are printed as written, so the types of
    // h3, next-auth or CASL need not be loaded (it would take seconds).
    noLib: true,
    types: [],
  }
  const host = ts.createCompilerHost(options)
  host.resolveModuleNameLiterals = (literals, containingFile) => literals.map(literal => ({
    resolvedModule: literal.text.startsWith('.') ? ts.resolveModuleName(literal.text, containingFile, options, host).resolvedModule : undefined,
  }))
  const program = ts.createProgram(entries.map(entry => join(root, entry.file)), options, host)
  rmSync(output, { recursive: true, force: true })
  mkdirSync(output, { recursive: true })
  const index = ['# API reference', '', 'Every public export of the package, with its signature and JSDoc, generated from the source.', '']
  for (const entry of entries) {
    const { text, names } = renderPage(entry, program)
    writeFileSync(join(output, `${entry.page}.md`), text)
    index.push(`## [${entry.title}](./${entry.page}.md)`, '', entry.intro, '', names.map(name => `\`${name}\``).join(' · '), '')
  }
  writeFileSync(join(output, 'index.md'), `${index.join('\n').trimEnd()}\n`)
  return entries.map(entry => join(output, `${entry.page}.md`))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pages = writeApiDocs()
  console.log(`[docs-api] wrote ${pages.length + 1} pages to ${relative(root, output)}/`)
}
