// The browser tests drive Debian's Chromium (Playwright cannot download browsers on this
// network). Installs it when missing and we may (root with apt-get); otherwise says how.
import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

if (!existsSync(path)) {
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')
  if (!canInstall) {
    console.error(`[test] Chromium not found at ${path}. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.`)
    process.exit(1)
  }
  console.log('[test] Installing Debian\'s chromium for the browser tests…')
  execSync('apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium', { stdio: 'inherit' })
}
