// Applies docs/guide/migration.md to test/fixtures/migration-before (a blog on @sidebase/nuxt-auth
// with hand-written role checks) and writes the result, the same blog on nuxt-auth-rbac, to
// test/fixtures/migration-after (or the folder given). test/e2e/migration.test.ts builds both and
// checks that every user reaches exactly what they reached before.
//
// It rewrites the example's own files, step by step as the guide says; it is not a codemod. Every
// replacement must find its text exactly once, so an edit to the "before" app that the guide's
// steps no longer match fails here instead of producing a half-migrated app.
//
//   node scripts/migrate-example.mjs [outDir]
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = fileURLToPath(new URL('..', import.meta.url))
export const beforeApp = join(repo, 'test/fixtures/migration-before')
export const afterApp = join(repo, 'test/fixtures/migration-after')

/** What a build or a run leaves in an app folder, never copied. */
const generated = new Set(['.nuxt', '.output', 'node_modules', '.data', '.build-stderr.log'])

/**
 * Writes the migrated app to `outDir` (inside this repository, so that it resolves the repository's
 * packages) and returns `outDir`. The app loads the module from src/, as the other fixtures do; a
 * user's app names the package, `modules: ['nuxt-auth-rbac']`.
 */
export function migrateExample(outDir = afterApp) {
  const out = resolve(outDir)
  if (relative(repo, out).startsWith('..')) {
    throw new Error(`[migrate-example] ${out} is outside the repository: the app would not find nuxt or the module`)
  }
  // The folder's own .gitignore stays: what this writes is generated, never committed.
  if (existsSync(out)) {
    for (const entry of readdirSync(out)) {
      if (entry !== '.gitignore') {
        rmSync(join(out, entry), { recursive: true, force: true })
      }
    }
  }
  cpSync(beforeApp, out, { recursive: true, filter: source => !generated.has(source.slice(beforeApp.length + 1).split(/[\\/]/)[0]) })
  const modulePath = relative(out, join(repo, 'src/module')).split('\\').join('/')
  const app = appFiles(out)

  // Step 1: the module in nuxt.config, the roles the app's checks name, and its routeRules.
  app.edit('nuxt.config.ts', [
    [/^\/\/ A blog as it stood[\s\S]*?migration\.md\.\n/, '// The blog of test/fixtures/migration-before after docs/guide/migration.md, written by\n// scripts/migrate-example.mjs: do not edit, edit the "before" app or the script.\n'],
    ['modules: [\'@sidebase/nuxt-auth\'],', `modules: ['${modulePath}'],`],
    ['  runtimeConfig: { authSecret: \'\' },\n', `  runtimeConfig: { authSecret: '' },
  // What server/middleware/roles.ts did with startsWith.
  routeRules: {
    '/api/admin/**': { rbac: { role: 'admin' } },
    '/api/editor/**': { rbac: { role: 'editor' } },
  },
`],
    ['  },\n})\n', `  },
  rbac: {
    roles: ['admin', 'editor', 'user'],
    // The old checks let an admin in wherever an editor may go, and every account is a user.
    inherits: { admin: ['editor'], editor: ['user'] },
    // The old page middleware sent users without the role home.
    redirect: { forbidden: '/' },
    // Public on purpose, so that the audit does not list them as forgotten.
    public: ['/api/open', '/api/posts'],
  },
})
`],
  ])

  // Step 2: the guide's callbacks become withRbac(); the blog's own `handle` stays in its own callbacks.
  app.edit('server/api/auth/[...].ts', [
    [/ {2}\/\/ The guide's callbacks[\s\S]*?\n {2}\},\n\}\)\n$/, `  // withRbac() carries role, roles and uid from authorize() to the token and the session; what
  // is the app's own (the handle) stays in its callbacks.
  callbacks: withRbac({
    jwt: async ({ token, user }) => {
      if (user) {
        token.handle = user.handle
      }
      return token
    },
    session: async ({ session, token }) => {
      session.handle = token.handle
      return session
    },
  }),
})
`],
  ])
  app.write('shared/types/next-auth.d.ts', `// Only the app's own field: nuxt-auth-rbac declares role, roles and uid from rbac.roles.
declare module 'next-auth' {
  interface Session {
    handle?: string
  }
  interface User {
    handle?: string
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    handle?: string
  }
}

export {}
`)

  // Step 3: the server middleware's startsWith checks are the routeRules above.
  app.remove('server/middleware/roles.ts')
  for (const file of ['server/api/admin/users.get.ts', 'server/api/admin/stats.get.ts']) {
    app.edit(file, [['// Guarded by server/middleware/roles.ts.', '// Guarded by routeRules[\'/api/admin/**\'] in nuxt.config.ts.']])
  }
  app.edit('server/api/editor/drafts.get.ts', [['// Guarded by server/middleware/roles.ts.', '// Guarded by routeRules[\'/api/editor/**\'] in nuxt.config.ts.']])

  // Step 4: checks in handlers become requireRole / requireAbility, and abilities say who may write.
  app.write('shared/abilities.ts', `export default defineAbilities<'create' | 'update', 'Post'>(({ roles, user }, { can }) => {
  // roles are the effective roles: an admin is an editor too.
  if (roles.includes('editor')) {
    can('create', 'Post')
    can('update', 'Post', { authorId: user.uid })
  }
  if (roles.includes('admin')) {
    can('update', 'Post')
  }
})
`)
  app.edit('server/api/posts.post.ts', [
    ['import { getServerSession } from \'#auth\'\n\n', ''],
    [`  const session = await getServerSession(event)
  if (!session || (session.role !== 'admin' && session.role !== 'editor')) {
    throw createError({ statusCode: 403, statusMessage: 'Forbidden' })
  }
  return { created: true, authorId: session.uid }`, `  const { uid } = await requireAbility(event, 'create', 'Post')
  return { created: true, authorId: uid }`],
  ])
  app.edit('server/api/posts/[id].put.ts', [
    ['import { getServerSession } from \'#auth\'', 'import { subject } from \'@casl/ability\''],
    [`  const session = await getServerSession(event)
  if (!session) {
    throw createError({ statusCode: 401, statusMessage: 'Unauthorized' })
  }
`, `  // May this caller update any post at all? Before the lookup, so a missing id tells nobody anything.
  await requireAbility(event, 'update', 'Post')
`],
    [`  if (session.role !== 'admin' && !(session.role === 'editor' && post.authorId === Number(session.uid))) {
    throw createError({ statusCode: 403, statusMessage: 'Forbidden' })
  }
`, `  // This post: the stored record, with the author id as a string like the token's uid.
  await requireAbility(event, 'update', subject('Post', { ...post, authorId: String(post.authorId) }))
`],
  ])
  app.edit('server/api/me.get.ts', [
    ['import { getServerSession } from \'#auth\'\n\n', ''],
    [`  const session = await getServerSession(event)
  if (!session) {
    throw createError({ statusCode: 401, statusMessage: 'Unauthorized' })
  }
  return { uid: session.uid, handle: session.handle }`, `  // Every account holds at least \`user\`: this is "any signed-in user".
  const { uid, token } = await requireRole(event, 'user')
  return { uid, handle: token.handle }`],
  ])

  // Step 5: page middleware becomes page meta.
  app.remove('app/middleware/admin.ts')
  app.remove('app/middleware/editor.ts')
  for (const page of ['app/pages/admin/index.vue', 'app/pages/admin/users.vue']) {
    app.edit(page, [['definePageMeta({ middleware: \'admin\' })', 'definePageMeta({ role: \'admin\' })']])
  }
  // nuxt-auth's own middleware would still work; with the base role the audit shows who gets in.
  app.edit('app/pages/account.vue', [
    ['// Any signed-in user: nuxt-auth\'s own middleware.\ndefinePageMeta({ middleware: \'sidebase-auth\' })', '// Any signed-in user: every account holds `user`.\ndefinePageMeta({ role: \'user\' })'],
  ])

  // Step 6: role comparisons in templates become hasRole() and v-can.
  app.edit('app/pages/editor/index.vue', [
    ['definePageMeta({ middleware: \'editor\' })\nconst { data } = useAuth()', 'definePageMeta({ role: \'editor\' })\nconst { hasRole } = useRbac()'],
    ['v-if="data?.role === \'admin\'"', 'v-if="hasRole(\'admin\')"'],
  ])
  app.edit('app/app.vue', [
    ['const { data, status } = useAuth()\n', 'const { data, status } = useAuth()\nconst { hasRole } = useRbac()\n'],
    ['v-if="data?.role === \'admin\' || data?.role === \'editor\'"', 'v-if="hasRole(\'editor\')"'],
    ['v-if="data?.role === \'admin\'"', 'v-if="hasRole(\'admin\')"'],
  ])
  app.edit('app/pages/index.vue', [
    [`const { data } = useAuth()
const { data: posts } = await useFetch('/api/posts')
`, `import { subject } from '@casl/ability'

const { data: posts } = await useFetch('/api/posts')
// Typed subjects for v-can, with the author id as a string like the session's uid.
const postSubjects = computed(() => (posts.value ?? []).map(post => subject('Post', { ...post, authorId: String(post.authorId) })))
`],
    ['v-for="post in posts"', 'v-for="post in postSubjects"'],
    ['v-if="data?.role === \'admin\' || (data?.role === \'editor\' && post.authorId === Number(data?.uid))"', 'v-can="[\'update\', post]"'],
  ])
  return out
}

function appFiles(root) {
  const path = file => join(root, file)
  return {
    edit(file, replacements) {
      let text = readFileSync(path(file), 'utf8')
      for (const [from, to] of replacements) {
        const count = typeof from === 'string' ? text.split(from).length - 1 : (text.match(new RegExp(from.source, `${from.flags.replace('g', '')}g`)) ?? []).length
        if (count !== 1) {
          throw new Error(`[migrate-example] ${file}: expected ${JSON.stringify(String(from))} once, found it ${count} times: has the "before" app changed?`)
        }
        text = text.replace(from, () => to)
      }
      writeFileSync(path(file), text)
    },
    write(file, text) {
      writeFileSync(path(file), text)
    },
    remove(file) {
      if (!existsSync(path(file))) {
        throw new Error(`[migrate-example] ${file} is not in the "before" app any more`)
      }
      rmSync(path(file))
    },
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const written = migrateExample(process.argv[2] ? resolve(process.argv[2]) : afterApp)
  console.log(`[migrate-example] wrote ${relative(process.cwd(), written) || '.'} (from ${relative(process.cwd(), beforeApp)})`)
}
