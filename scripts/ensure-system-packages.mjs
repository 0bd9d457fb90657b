// The tests drive Debian's Chromium (Playwright cannot download browsers on this network) and a
// real Redis (redis-server, for the two-server freshness test). Installs what is missing when we
// may (root with apt-get); otherwise says how.
import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const needed = [
  { name: 'chromium', path: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', env: 'CHROMIUM_PATH' },
  { name: 'redis-server', path: process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server', env: 'REDIS_SERVER_PATH' },
]

const missing = needed.filter(({ path }) => !existsSync(path))
if (missing.length > 0) {
  const names = missing.map(({ name }) => name).join(' ')
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')
  if (!canInstall) {
    for (const { name, path, env } of missing) {
      console.error(`[test] ${name} not found at ${path}. Install it (Debian: apt-get install -y ${name}) or set ${env}.`)
    }
    process.exit(1)
  }
  console.log(`[test] Installing Debian's ${names} for the tests…`)
  execSync(`apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${names}`, { stdio: 'inherit' })
}
