import { request as httpRequest } from 'node:http'
import { url } from '@nuxt/test-utils/e2e'

export interface UpgradeAnswer {
  status: number
  /** The HTTP body of a refused upgrade, or the first text message after a successful one. */
  body: string
}

/**
 * Asks for a websocket upgrade of the path, sent byte for byte, as a browser's handshake would,
 * with an optional Cookie header. A 101 is followed by the first message the server sends.
 */
export function upgrade(path: string, cookie?: string | null, extraHeaders: Record<string, string> = {}): Promise<UpgradeAnswer> {
  const target = new URL(url('/'))
  const headers: Record<string, string> = {
    'connection': 'Upgrade',
    'upgrade': 'websocket',
    'sec-websocket-version': '13',
    'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
    ...(cookie ? { cookie } : {}),
    ...extraHeaders,
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: target.hostname, port: target.port, path, headers })
    req.on('upgrade', (res, socket, head) => {
      let data = head
      const done = () => {
        socket.destroy()
        resolve({ status: res.statusCode ?? 0, body: firstTextFrame(data) })
      }
      if (firstTextFrame(data) !== '') {
        done()
        return
      }
      socket.on('data', (chunk: Buffer) => {
        data = Buffer.concat([data, chunk])
        if (firstTextFrame(data) !== '') {
          done()
        }
      })
      setTimeout(done, 2000)
    })
    req.on('response', (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

/** The payload of an unmasked server text frame shorter than 126 bytes, or '' until one has arrived whole. */
function firstTextFrame(data: Buffer): string {
  if (data.length < 2 || (data[0]! & 0x0F) !== 1) {
    return ''
  }
  const length = data[1]! & 0x7F
  return length < 126 && data.length >= 2 + length ? data.subarray(2, 2 + length).toString('utf8') : ''
}
