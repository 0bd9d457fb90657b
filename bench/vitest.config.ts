import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// The micro-benchmarks alone: no test projects, no app builds.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  resolve: { alias: { '#rbac': fileURLToPath(new URL('../src/runtime/shared/public.ts', import.meta.url)) } },
  test: { benchmark: { include: ['bench/**/*.bench.ts'] } },
})
