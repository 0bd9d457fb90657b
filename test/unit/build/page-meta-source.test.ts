import { describe, expect, it } from 'vitest'
import { setsGuardInPageMeta } from '../../../src/build/page-meta-source'

describe('setsGuardInPageMeta', () => {
  it.each([
    ['role', `<script setup>\ndefinePageMeta({ role: 'admin' })\n</script>`],
    ['can', `definePageMeta({\n  can: ['read', 'Post'],\n})`],
    ['rbac', `definePageMeta({ layout: 'x', rbac: { role: 'admin' } })`],
  ])('finds a guard set with %s', (_label, source) => {
    expect(setsGuardInPageMeta(source)).toBe(true)
  })

  it.each([
    ['no page meta', '<template><slot /></template>'],
    ['page meta without a guard', `definePageMeta({ title: 'Admin' })`],
    ['role elsewhere in the file', `definePageMeta({ title: 'x' })\nconst role = 'admin'`],
    ['page meta shown as text in the template', `<script setup>\nconst x = 1\n</script>\n<template><code>definePageMeta({ role: 'admin' })</code></template>`],
  ])('stays quiet with %s', (_label, source) => {
    expect(setsGuardInPageMeta(source)).toBe(false)
  })
})
