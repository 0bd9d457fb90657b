import { describe, expect, it } from 'vitest'
import { appFiles, markdownSources, readmeBlocks } from '../../../scripts/readme-apps.mjs'

type Block = { app: string, path: string, code: string, file: string, line: number }

describe('readmeBlocks', () => {
  it('reads each TypeScript and Vue block as the file its first line names, in the app last chosen', () => {
    const markdown = [
      '```ts', '// server/api/a.ts', 'export default 1', '```',
      '```sh', 'npm test', '```',
      '<!-- readme-app: other -->',
      '- a list item:',
      '  ```vue', '  <!-- pages/x.vue: a page -->', '  <template><p /></template>', '  ```',
    ].join('\n')
    const blocks = readmeBlocks(markdown) as Block[]
    expect(blocks.map(({ app, path }) => [app, path])).toEqual([['main', 'server/api/a.ts'], ['other', 'app/pages/x.vue']])
    expect(blocks[1]!.code).toBe('<!-- pages/x.vue: a page -->\n<template><p /></template>')
  })

  it('refuses a block that does not name its file', () => {
    expect(() => readmeBlocks('text\n```ts\nconst x = 1\n```')).toThrow(/README\.md:2: a ts block must name its file/)
    expect(() => readmeBlocks('text\n```ts\nconst x = 1\n```', 'docs/guide/x.md')).toThrow(/docs\/guide\/x\.md:2: a ts block/)
  })

  it('checks a block whose fence carries VitePress extras (line highlights, a title)', () => {
    const blocks = readmeBlocks('```ts{2}\n// a.ts\nexport {}\n```\n```vue [Page]\n<!-- pages/b.vue -->\n```') as Block[]
    expect(blocks.map(block => block.path)).toEqual(['a.ts', 'app/pages/b.vue'])
  })
})

describe('appFiles', () => {
  const page = (file: string, ...lines: string[]) => ({ file, markdown: lines.join('\n') })

  it('starts each page in the main app and shares apps across pages', () => {
    const apps = appFiles([
      page('README.md', '<!-- readme-app: fresh -->', '```ts', '// a.ts', '```'),
      page('docs/guide/b.md', '```ts', '// b.ts', '```', '<!-- readme-app: fresh -->', '```ts', '// c.ts', '```'),
    ]) as Map<string, Map<string, Block>>
    expect([...apps].map(([app, files]) => [app, [...files.keys()]])).toEqual([['fresh', ['a.ts', 'c.ts']], ['main', ['b.ts']]])
  })

  it('takes a file shown on two pages as one file when the code is the same, and refuses it otherwise', () => {
    const readme = page('README.md', 'intro', '```ts', '// nuxt.config.ts', 'export default 1', '```')
    const same = page('docs/guide/getting-started.md', '```ts', '// nuxt.config.ts', 'export default 1', '```')
    expect([...(appFiles([readme, same]) as Map<string, Map<string, Block>>).get('main')!.values()].map(block => block.file)).toEqual(['README.md'])
    const other = page('docs/guide/getting-started.md', '```ts', '// nuxt.config.ts', 'export default 2', '```')
    expect(() => appFiles([readme, other])).toThrow(/docs\/guide\/getting-started\.md:1: nuxt\.config\.ts is already a block of the 'main' app \(README\.md:2\) with other code/)
  })
})

describe('markdownSources', () => {
  it('checks the README first, then the site\'s pages, never the generated API reference', () => {
    const sources = markdownSources() as string[]
    expect(sources[0]).toBe('README.md')
    expect(sources).toContain('docs/guide/getting-started.md')
    expect(sources.filter(file => file.startsWith('docs/api/') || file.startsWith('docs/.vitepress/'))).toEqual([])
  })
})
