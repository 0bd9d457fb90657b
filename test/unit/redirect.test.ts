import { describe, expect, it } from 'vitest'
import { sameOriginPath } from '../../src/runtime/shared/redirect'

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
