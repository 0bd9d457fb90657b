import { describe, expect, it } from 'vitest'
import { readmeBlocks } from '../../../scripts/readme-apps.mjs'

type Block = { app: string, path: string, code: string }

describe('a block marked for several apps', () => {
  const markdown = [
    '<!-- readme-app: quick-start, main -->',
    '```ts', '// server/api/a.ts', 'export default 1', '```',
    '<!-- readme-app: main -->',
    '```ts', '// server/api/b.ts', 'export default 2', '```',
  ].join('\n')

  it('is a file of each of them; the next marker names one again', () => {
    const blocks = readmeBlocks(markdown) as Block[]
    expect(blocks.map(({ app, path }) => [app, path])).toEqual([
      ['quick-start', 'server/api/a.ts'],
      ['main', 'server/api/a.ts'],
      ['main', 'server/api/b.ts'],
    ])
  })
})
