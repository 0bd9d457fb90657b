import { compile as compileForBrowser } from '@vue/compiler-dom'
import { compile as compileForServer } from '@vue/compiler-ssr'
import * as Vue from 'vue'
import * as serverRenderer from 'vue/server-renderer'
import { describe, expect, it } from 'vitest'
import { transformRbacDirectives } from '../../../src/build/v-can'
import { satisfiesRoles } from '../../../src/runtime/shared/decision/requirement'

type Compiler = 'browser' | 'server'

interface Caller {
  /** The effective roles (inheritance already applied, as the app plugin's session gives them). */
  roles: string[]
  /** The abilities, as `action:subject` strings, for the compiled `v-can`. */
  abilities?: string[]
}

/**
 * The HTML a template renders to for a caller, compiled the way the module compiles an app's
 * templates: for the browser (a vnode render function) or for the server (ssrRender).
 */
async function render(template: string, compiler: Compiler, caller: Caller, data: Record<string, unknown> = {}): Promise<string> {
  const options = { nodeTransforms: [transformRbacDirectives], mode: 'function' as const, prefixIdentifiers: true }
  const component: Record<string, unknown> = { data: () => data }
  if (compiler === 'browser') {
    component.render = new Function('Vue', compileForBrowser(template, options).code)(Vue)
  }
  else {
    const require = (id: string) => (id === 'vue/server-renderer' ? serverRenderer : Vue)
    component.ssrRender = new Function('require', compileForServer(template, options).code)(require)
  }
  const app = Vue.createSSRApp(component)
  app.config.globalProperties.$rbacHasRole = (role: unknown, all: boolean) => satisfiesRoles(caller.roles, role, all)
  app.config.globalProperties.$rbacCan = (check: unknown) => Array.isArray(check) && (caller.abilities ?? []).includes(`${check[0]}:${check[1]}`)
  app.config.warnHandler = (message) => {
    throw new Error(`Vue warned: ${message}`)
  }
  return (await serverRenderer.renderToString(app)).replace(/<!--\[-->|<!--\]-->|<!---->|<!--v-if-->/g, '')
}

const admin = ['admin', 'editor', 'viewer']
const editor = ['editor', 'viewer']
const viewer = ['viewer']
const signedOut: string[] = []

describe.each<Compiler>(['browser', 'server'])('v-role compiled for the %s', (compiler) => {
  const show = (template: string, roles: string[], data?: Record<string, unknown>) => render(template, compiler, { roles }, data)

  it('renders the element only for a holder of the role', async () => {
    const template = `<p v-role="'editor'">EDITOR</p>`
    expect(await show(template, admin)).toBe('<p>EDITOR</p>')
    expect(await show(template, editor)).toBe('<p>EDITOR</p>')
    expect(await show(template, viewer)).toBe('')
    expect(await show(template, signedOut)).toBe('')
  })

  it('takes a list (any of the roles), and .all (every one of them)', async () => {
    const any = `<p v-role="['admin', 'viewer']">ANY</p>`
    const every = `<p v-role.all="['admin', 'viewer']">ALL</p>`
    expect(await show(any, viewer)).toBe('<p>ANY</p>')
    expect(await show(any, signedOut)).toBe('')
    expect(await show(every, viewer)).toBe('')
    expect(await show(every, admin)).toBe('<p>ALL</p>')
  })

  it('.not inverts, with and without .all', async () => {
    expect(await show(`<p v-role.not="'editor'">NOT</p>`, viewer)).toBe('<p>NOT</p>')
    expect(await show(`<p v-role.not="'editor'">NOT</p>`, signedOut)).toBe('<p>NOT</p>')
    expect(await show(`<p v-role.not="'editor'">NOT</p>`, editor)).toBe('')
    expect(await show(`<p v-role.all.not="['admin', 'editor']">NOT-BOTH</p>`, editor)).toBe('<p>NOT-BOTH</p>')
    expect(await show(`<p v-role.not.all="['admin', 'editor']">NOT-BOTH</p>`, admin)).toBe('')
  })

  it('a bound value is read from the component, and an empty list denies', async () => {
    const template = `<p v-role="needed">BOUND</p>`
    expect(await show(template, editor, { needed: ['editor'] })).toBe('<p>BOUND</p>')
    expect(await show(template, editor, { needed: 'admin' })).toBe('')
    expect(await show(template, admin, { needed: [] })).toBe('')
  })

  it('<template v-role> renders its children or nothing, never a <template> element', async () => {
    const template = `<div><template v-role="'editor'"><b>ONE</b><i>TWO</i></template></div>`
    expect(await show(template, editor)).toBe('<div><b>ONE</b><i>TWO</i></div>')
    expect(await show(template, viewer)).toBe('<div></div>')
  })

  it('next to v-if / v-else: a denial does not fall into the v-else written for the opposite condition', async () => {
    const template = `<div><p v-if="ok" v-role="'admin'">IF</p><p v-else>ELSE</p></div>`
    expect(await show(template, admin, { ok: true })).toBe('<div><p>IF</p></div>')
    expect(await show(template, editor, { ok: true })).toBe('<div></div>')
    expect(await show(template, editor, { ok: false })).toBe('<div><p>ELSE</p></div>')
  })

  it('on a v-else-if and a v-else branch', async () => {
    const template = `<div><p v-if="step === 1">ONE</p><p v-else-if="step === 2" v-role="'admin'">TWO</p><p v-else v-role="'editor'">OTHER</p></div>`
    expect(await show(template, editor, { step: 2 })).toBe('<div></div>')
    expect(await show(template, admin, { step: 2 })).toBe('<div><p>TWO</p></div>')
    expect(await show(template, editor, { step: 3 })).toBe('<div><p>OTHER</p></div>')
    expect(await show(template, viewer, { step: 3 })).toBe('<div></div>')
  })

  it('with v-for, the check sees the loop variable', async () => {
    const template = `<ul><li v-for="role in ['admin', 'editor', 'viewer']" :key="role" v-role="role">{{ role }}</li></ul>`
    expect(await show(template, editor)).toBe('<ul><li>editor</li><li>viewer</li></ul>')
    expect(await show(template, signedOut)).toBe('<ul></ul>')
  })

  it('with v-can on the same element, both must hold', async () => {
    const template = `<p v-can="['read', 'Report']" v-role="'editor'">BOTH</p>`
    expect(await render(template, compiler, { roles: editor, abilities: ['read:Report'] })).toBe('<p>BOTH</p>')
    expect(await render(template, compiler, { roles: editor, abilities: [] })).toBe('')
    expect(await render(template, compiler, { roles: viewer, abilities: ['read:Report'] })).toBe('')
  })

  it('leaves the element\'s other attributes and a component\'s props alone', async () => {
    const template = `<p v-role="'viewer'" class="note" :data-id="id">KEPT</p>`
    expect(await show(template, viewer, { id: 7 })).toBe('<p class="note" data-id="7">KEPT</p>')
    expect(await show(template, signedOut, { id: 7 })).toBe('')
  })
})

describe('v-role misuse fails the build with the fix', () => {
  const compileError = (template: string) => {
    try {
      compileForServer(template, { nodeTransforms: [transformRbacDirectives] })
    }
    catch (error) {
      return (error as Error).message
    }
    return 'compiled'
  }

  it.each([
    [`<p v-role>X</p>`, /v-role needs a value: v-role="'admin'"/],
    [`<p v-role="">X</p>`, /v-role needs a value/],
    [`<p v-role.al="['admin', 'editor']">X</p>`, /v-role has no \.al modifier; it knows \.all and \.not/],
    [`<p v-role:admin>X</p>`, /v-role takes no argument \(v-role:admin\)/],
    [`<p v-can.nto="['read', 'Post']">X</p>`, /v-can has no \.nto modifier; it knows \.not/],
  ])('%s', (template, message) => {
    expect(compileError(template)).toMatch(message)
    expect(compileError(template)).toMatch(/^\[nuxt-auth-rbac\] /)
  })
})
