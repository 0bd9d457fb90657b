// Gzip size of the client JavaScript a built app ships (.output/public/_nuxt/*.js).
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

function gzipOfApp(appDir) {
  const dir = join(appDir, '.output/public/_nuxt')
  return readdirSync(dir).filter(file => file.endsWith('.js'))
    .reduce((total, file) => total + gzipSync(readFileSync(join(dir, file)), { level: 9 }).length, 0)
}

export function clientJsSize(baseDir, rbacDir) {
  return { base: gzipOfApp(baseDir), rbac: gzipOfApp(rbacDir) }
}
