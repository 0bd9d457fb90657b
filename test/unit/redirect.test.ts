import { describe, expect, it } from 'vitest'
import { sameOriginPath } from '../../src/runtime/shared/redirect'
import { collectPageRequirements } from '../../src/runtime/shared/page-guard'

describe('sameOriginPath', () => {
  it.each(['/', '/admin', '/posts?page=2', '/a/b#c', '/admin?next=https://evil.example'])('keeps %s', (path) => {
    expect(sameOriginPath(path)).toBe(path)
  })

  it.each([
    '//evil.example',
    '//evil.example/admin',
    'https://evil.example',
    'http://evil.example/',
    '/\\evil.example',
    '/admin\\..\\..\\evil',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,hi',
    'evil.example',
    '/\tevil',
    '/admin\n',
    '',
    undefined,
    ['/admin'],
  ])('drops %s', (value) => {
    expect(sameOriginPath(value)).toBe('/')
    expect(sameOriginPath(value, '/home')).toBe('/home')
  })
})

describe('collectPageRequirements', () => {
  it('keeps every matched record\'s guard, parent first, so a child cannot weaken it', () => {
    const matched = [
      { meta: { role: 'admin' } },
      { meta: {} },
      { meta: { role: 'viewer', can: ['read', 'Post'] } },
    ]
    expect(collectPageRequirements(matched)).toEqual([
      { role: 'admin', can: undefined },
      { role: 'viewer', can: ['read', 'Post'] },
    ])
  })

  it('ignores inherited meta properties', () => {
    expect(collectPageRequirements([{ meta: Object.create({ role: 'admin' }) }])).toEqual([])
  })
})
