// Setup file of the e2e and browser projects. fetch keeps connections to a test server open between
// requests; Node's server closes one after 5 s idle. On a loaded machine the test can send a request
// on a connection at the moment the server closes it, and fetch fails with ECONNRESET before the
// server has read a byte (a clean-clone run once lost a test to it). Such a GET or HEAD, which
// changes nothing, is sent once more on a new connection. Anything else fails as before: a reset
// that is the server's answer to the request shows up on a second try too.
const sendOnce = globalThis.fetch

function resetBeforeAnswer(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause
  return error instanceof TypeError && (cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET')
}

globalThis.fetch = async function fetchWithOneRetry(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase()
  try {
    return await sendOnce(input, init)
  }
  catch (error) {
    if ((method === 'GET' || method === 'HEAD') && init?.body == null && resetBeforeAnswer(error)) {
      return await sendOnce(input, init)
    }
    throw error
  }
}
