import { describe, expect, it } from 'vitest'
import { readmeBlocks } from '../../../scripts/readme-apps.mjs'

type Block = { app: string, path: string, code: string }

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
  })
})
