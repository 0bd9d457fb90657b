import { defineEventHandler, readBody } from 'h3'
import { recordDenial } from './denials'

/** Development only: the page guard in the browser reports a denied navigation here. */
export default defineEventHandler(async (event) => {
  const body = await readBody<{ path?: unknown, reason?: unknown, status?: unknown }>(event)
  const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value.slice(0, 300) : fallback)
  recordDenial({ where: 'page', status: body?.status === 401 ? 401 : 403, method: 'GET', path: text(body?.path, '?'), reason: text(body?.reason, 'forbidden') })
  return { recorded: true }
})
