// @ts-check
import { createConfigForNuxt } from '@nuxt/eslint-config/flat'

export default createConfigForNuxt({
  features: {
    tooling: true,
    stylistic: true,
  },
  dirs: {
    src: ['./playground', './test/fixtures/guide', './test/fixtures/user-path', './test/fixtures/typed', './test/fixtures/fresh', './test/fixtures/no-auto-imports', './test/fixtures/base-url'],
  },
}).append(
  {
    ignores: ['dist', '**/.nuxt', '**/.output', 'node_modules', 'test/fixtures/.readme', 'docs/.vitepress/dist', 'docs/.vitepress/cache'],
  },
  {
    // v-can compiles to v-if, so `<template v-can>` is a fragment like any `<template v-if>`.
    rules: { 'vue/no-lone-template': 'off' },
  },
  {
    // Nuxt names pages after their route: /admin is pages/admin.vue.
    files: ['**/pages/**/*.vue', '**/app.vue'],
    rules: { 'vue/multi-word-component-names': 'off' },
  },
  {
    // The guide's callbacks, copied as users copy them, casts included.
    files: ['test/fixtures/guide/server/api/auth/**', 'test/fixtures/migration-before/server/api/auth/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
)
