/**
 * `$api`: `$fetch` for this app's own API with the access token as `Authorization: Bearer`, the
 * way nuxt-auth's local provider expects an app to call its APIs. On the server it sends the token
 * of this render, which the refresh may just have replaced: the browser's cookie still holds the
 * old one until the response arrives.
 */
export default defineNuxtPlugin(() => {
  const { token } = useAuth()
  const api = $fetch.create({
    onRequest({ options }) {
      if (token.value) {
        options.headers.set('Authorization', token.value)
      }
    },
  })
  return { provide: { api } }
})
