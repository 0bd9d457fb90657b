import type { Nuxt } from '@nuxt/schema'
import type { NodeTransform } from '@vue/compiler-core'
import { transformRbacDirectives } from './v-can'

/** Registers the `v-can` / `v-role` compiler transform with Vue's template compiler (client and SSR builds). */
export function registerVCan(nuxt: Nuxt): void {
  type CompilerOptions = { nodeTransforms?: NodeTransform[] }
  const targets = new Set<CompilerOptions>()
  nuxt.options.vue.compilerOptions ??= {}
  targets.add(nuxt.options.vue.compilerOptions as CompilerOptions)
  const viteVue = nuxt.options.vite.vue ??= {}
  viteVue.template ??= {}
  viteVue.template.compilerOptions ??= {}
  targets.add(viteVue.template.compilerOptions as CompilerOptions)
  for (const options of targets) {
    options.nodeTransforms = [...(options.nodeTransforms ?? []).filter(transform => transform !== transformRbacDirectives), transformRbacDirectives]
  }
}
