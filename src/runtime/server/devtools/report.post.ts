import { createError, defineEventHandler, getRequestHeader, readRawBody } from 'h3'
import type { H3Event } from 'h3'
import { reportedDenial } from './denials'
import { assertOwnHost } from './host'
import { recordFor } from './viewer'

const MAX_BODY = 2048

/**
 * Development only: the page guard in the browser reports a denied navigation here, as JSON from
 * the app's own origin. Another site cannot write here: a form post is never JSON, and a
 * cross-site `fetch` is seen for what it is (`Sec-Fetch-Site`, else `Origin`).
 */
export default defineEventHandler(async (event) => {
  assertOwnHost(event)
  if (!isSameOrigin(event)) {
    throw createError({ statusCode: 403, statusMessage: 'Forbidden', data: { reason: 'reports are accepted from this origin only' } })
  }
  const mediaType = getRequestHeader(event, 'content-type')?.split(';', 1)[0]!.trim().toLowerCase()
  if (mediaType !== 'application/json') {
    throw createError({ statusCode: 415, statusMessage: 'Unsupported Media Type', data: { reason: 'reports are application/json' } })
  }
  const text = await readRawBody(event, 'utf8') ?? ''
  if (text.length > MAX_BODY) {
    throw createError({ statusCode: 413, statusMessage: 'Payload Too Large' })
  }
  const denial = reportedDenial(parseJson(text))
  if (!denial) {
    throw createError({ statusCode: 400, statusMessage: 'Bad Request', data: { reason: 'expected { path, status, reason }' } })
  }
  await recordFor(event, denial)
  return { recorded: true }
})

function isSameOrigin(event: H3Event): boolean {
  const site = getRequestHeader(event, 'sec-fetch-site')
  if (site !== undefined) {
    return site === 'same-origin'
  }
  // Browsers without Fetch Metadata still send Origin on every POST.
  const origin = getRequestHeader(event, 'origin')
  const host = getRequestHeader(event, 'host')
  if (!origin || !host) {
    return false
  }
  try {
    const from = new URL(origin)
    return (from.protocol === 'http:' || from.protocol === 'https:') && from.host === new URL(`${from.protocol}//${host}`).host
  }
  catch {
    return false
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  }
  catch {
    return undefined
  }
}
