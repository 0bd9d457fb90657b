import { afterAll } from 'vitest'
import { takeLock } from './lock'

/**
 * For a test file that builds, installs or runs a dev server of its own (several processes, each
 * wanting a core): waits until no other such file runs, and holds the turn until this file's last
 * hook has run. Two of them at once on two cores ran into their own start-up timeouts; beside a
 * file that mostly waits on a server or a browser, they do not. vitest.config.ts orders the files so
 * that they rarely have to wait.
 */
export async function oneBuildingFileAtATime(): Promise<void> {
  const release = await takeLock('building-file')
  // Registered before the file's own hooks: with vitest's stacked hooks it runs after them all.
  afterAll(release)
}
