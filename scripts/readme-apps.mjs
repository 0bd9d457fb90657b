// Turns every TypeScript and Vue block of the README and of the documentation site's pages (docs/,
// but not the generated API reference) into a file of a small Nuxt app, so that the type check of
// the apps checks the documentation too. A block names its file on its first line
// (`// server/api/x.ts`, `<!-- pages/x.vue -->`); `<!-- readme-app: name -->` before a block puts
// it and the blocks after it into another app (each page starts in `main`), `<!-- readme-app: a, b -->`
// into each of them. Apps are shared across
// pages: a page can show a file another page's example relies on, and the same file shown twice
// (the README's quick start and the getting-started page) must read the same. Each app starts as a
// copy of test/fixtures/readme-base (the data layer the examples call), except `quick-start`: the
// quick start must run as pasted into a fresh app, so it gets the base's config files and none of
// its code (test/e2e/readme-quick-start.test.ts builds and signs in to it). Two changes to what the
// pages say: `modules: ['nuxt-auth-rbac'` loads this repository's source (as every fixture does),
// and an app with a test file gets a TypeScript project for its tests.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const output = join(root, 'test/fixtures/.readme')
const base = join(root, 'test/fixtures/readme-base')
// Apps that may call nothing the pages do not define: of the base they get the config files only.
const standalone = new Set(['quick-start'])
const appCode = new Set([join(base, 'server'), join(base, 'app')])

/** `pages/x.vue` in a README means `app/pages/x.vue` in a Nuxt 4 app. */
function appPath(path) {
  return /^(?:pages|components|layouts|composables|plugins|middleware)\//.test(path) ? `app/${path}` : path
}

/** The blocks of one Markdown file; `file` names it in errors. */
export function readmeBlocks(markdown, file = 'README.md') {
  const blocks = []
  let apps = ['main']
  const lines = markdown.split('\n')
  for (let index = 0; index < lines.length; index++) {
    const marker = lines[index].match(/^\s*<!-- readme-app: ([\w-]+(?:, [\w-]+)*) -->$/)
    if (marker) {
      apps = marker[1].split(', ')
      continue
    }
    // Blocks inside list items are indented; the indent is not part of the file. A fence may carry
    // VitePress's extras (```ts{2}, ```ts [title], ```vue:line-numbers): still a block to check.
    const fence = lines[index].match(/^( *)```(ts|vue)(?:[\s{:[].*)?$/)
    if (!fence) {
      continue
    }
    const indent = fence[1].length
    const start = index + 1
    let end = start
    while (end < lines.length && lines[end].trim() !== '```') {
      end++
    }
    const code = lines.slice(start, end).map(line => line.slice(Math.min(indent, line.length - line.trimStart().length))).join('\n')
    const named = code.split('\n')[0].match(/^(?:\/\/|<!--)\s*([\w./[\]-]+\.(?:ts|vue))\b/)
    if (!named) {
      throw new Error(`${file}:${start}: a ${fence[2]} block must name its file on its first line (// path/to/file.ts or <!-- path/to/file.vue -->)`)
    }
    for (const app of apps) {
      blocks.push({ app, path: appPath(named[1]), code, file, line: start })
    }
    index = end
  }
  return blocks
}

/** The Markdown files whose blocks are checked: the README, then the site's pages in path order. */
export function markdownSources() {
  const pages = []
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      // .vitepress: the site's config, cache and build; api: generated from the source's JSDoc.
      if (entry.isDirectory() && !['.vitepress', 'api', 'node_modules'].includes(entry.name)) {
        walk(path)
      }
      else if (entry.isFile() && entry.name.endsWith('.md')) {
        pages.push(relative(root, path))
      }
    }
  }
  if (existsSync(join(root, 'docs'))) {
    walk(join(root, 'docs'))
  }
  return ['README.md', ...pages.sort()]
}

/**
 * The files of each app, from the blocks of every source (`{ file, markdown }`): app → path →
 * block. A path shown again with the same code is the same file; with other code, an error.
 */
export function appFiles(sources) {
  const apps = new Map()
  for (const { file, markdown } of sources) {
    for (const block of readmeBlocks(markdown, file)) {
      if (!apps.has(block.app)) {
        apps.set(block.app, new Map())
      }
      const files = apps.get(block.app)
      const earlier = files.get(block.path)
      if (earlier && earlier.code !== block.code) {
        throw new Error(`${block.file}:${block.line}: ${block.path} is already a block of the '${block.app}' app (${earlier.file}:${earlier.line}) with other code; make them the same, or put <!-- readme-app: other --> before this block`)
      }
      if (!earlier) {
        files.set(block.path, block)
      }
    }
  }
  return apps
}

/**
 * Writes the apps; returns their folders. With `only` (app names), writes those apps alone and
 * leaves the others' folders as they are: tests that build different apps can run at once.
 */
export function writeReadmeApps(only) {
  const apps = appFiles(markdownSources().map(file => ({ file, markdown: readFileSync(join(root, file), 'utf8') })))
  if (only) {
    for (const app of apps.keys()) {
      if (!only.includes(app)) {
        apps.delete(app)
      }
    }
  }
  else {
    rmSync(output, { recursive: true, force: true })
  }
  for (const [app, files] of apps) {
    const dir = join(output, app)
    rmSync(dir, { recursive: true, force: true })
    cpSync(base, dir, { recursive: true, filter: source => !(standalone.has(app) && appCode.has(source)) })
    rmSync(join(dir, 'README.md'))
    // The base's own nuxt.config.ts too (apps whose pages show none): the package name would resolve
    // to this repository's dist/, whose stub copies of the runtime clash with the source's types.
    const baseConfig = join(dir, 'nuxt.config.ts')
    if (existsSync(baseConfig)) {
      writeFileSync(baseConfig, fromSource(readFileSync(baseConfig, 'utf8')))
    }
    for (const block of files.values()) {
      const file = join(dir, block.path)
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(file, `${fromSource(block.code)}\n`)
    }
    if ([...files.keys()].some(path => path.startsWith('test/'))) {
      const tsconfig = join(dir, 'tsconfig.json')
      const config = JSON.parse(readFileSync(tsconfig, 'utf8'))
      config.references.push({ path: './tsconfig.test.json' })
      writeFileSync(tsconfig, JSON.stringify(config, null, 2))
    }
  }
  return [...apps.keys()].map(app => join(output, app)).filter(dir => existsSync(dir))
}

/** `modules: ['nuxt-auth-rbac'` as this repository's source, as every fixture loads it. */
function fromSource(code) {
  return code.replace(/modules: \['nuxt-auth-rbac'/, `modules: [${JSON.stringify(join(root, 'src/module'))}`)
}
