// Turns every TypeScript and Vue block of the README into a file of a small Nuxt app, so that the
// type check of the apps checks the README too. A block names its file on its first line
// (`// server/api/x.ts`, `<!-- pages/x.vue -->`); `<!-- readme-app: name -->` before a block puts
// it and the blocks after it into another app (the default is `main`). Each app starts as a copy
// of test/fixtures/readme-base (the data layer the examples call). Two changes to what the README says:
// `modules: ['nuxt-auth-rbac'` loads this repository's source (as every fixture does), and an app
// with a test file gets a TypeScript project for its tests.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const output = join(root, 'test/fixtures/.readme')

/** `pages/x.vue` in a README means `app/pages/x.vue` in a Nuxt 4 app. */
function appPath(path) {
  return /^(?:pages|components|layouts|composables|plugins|middleware)\//.test(path) ? `app/${path}` : path
}

export function readmeBlocks(markdown) {
  const blocks = []
  let app = 'main'
  const lines = markdown.split('\n')
  for (let index = 0; index < lines.length; index++) {
    const marker = lines[index].match(/^\s*<!-- readme-app: ([\w-]+) -->$/)
    if (marker) {
      app = marker[1]
      continue
    }
    // Blocks inside list items are indented; the indent is not part of the file.
    const fence = lines[index].match(/^( *)```(ts|vue)\s*$/)
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
      throw new Error(`README.md:${start}: a ${fence[2]} block must name its file on its first line (// path/to/file.ts or <!-- path/to/file.vue -->)`)
    }
    blocks.push({ app, path: appPath(named[1]), code, line: start })
    index = end
  }
  return blocks
}

/** Writes the apps; returns their folders. */
export function writeReadmeApps() {
  const blocks = readmeBlocks(readFileSync(join(root, 'README.md'), 'utf8'))
  rmSync(output, { recursive: true, force: true })
  const written = new Map()
  for (const block of blocks) {
    const dir = join(output, block.app)
    if (!written.has(block.app)) {
      cpSync(join(root, 'test/fixtures/readme-base'), dir, { recursive: true })
      rmSync(join(dir, 'README.md'))
      written.set(block.app, new Set())
    }
    const paths = written.get(block.app)
    if (paths.has(block.path)) {
      throw new Error(`README.md:${block.line}: ${block.path} is already a block of the '${block.app}' app; put <!-- readme-app: other --> before this block`)
    }
    paths.add(block.path)
    const file = join(dir, block.path)
    mkdirSync(dirname(file), { recursive: true })
    const code = block.code.replace(/modules: \['nuxt-auth-rbac'/, `modules: [${JSON.stringify(join(root, 'src/module'))}`)
    writeFileSync(file, `${code}\n`)
  }
  for (const [app, paths] of written) {
    if ([...paths].some(path => path.startsWith('test/'))) {
      const tsconfig = join(output, app, 'tsconfig.json')
      const config = JSON.parse(readFileSync(tsconfig, 'utf8'))
      config.references.push({ path: './tsconfig.test.json' })
      writeFileSync(tsconfig, JSON.stringify(config, null, 2))
    }
  }
  return [...written.keys()].map(app => join(output, app)).filter(dir => existsSync(dir))
}
