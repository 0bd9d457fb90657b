// Apps that a script writes from the documentation before they are built (never committed), built
// by test/build-fixtures.ts with the apps of ./apps.ts, and the app one of them is compared with.
// Each entry: its folder, and what writes it (run right before its build).
import { fileURLToPath } from 'node:url'
import { afterApp, beforeApp, migrateExample } from '../../../scripts/migrate-example.mjs'
import { writeReadmeApps } from '../../../scripts/readme-apps.mjs'

const quickStart = fileURLToPath(new URL('../../fixtures/.readme/quick-start', import.meta.url))

export const writtenApps: Record<string, { dir: string, write?: () => void }> = {
  // docs/guide/migration.md applied to the "before" blog (test/e2e/migration.test.ts).
  migrationBefore: { dir: beforeApp },
  migrationAfter: { dir: afterApp, write: () => migrateExample(afterApp) },
  // The README's quick start as pasted into a fresh app (test/e2e/readme-quick-start.test.ts).
  readmeQuickStart: {
    dir: quickStart,
    write: () => {
      if (!(writeReadmeApps(['quick-start']) as string[]).includes(quickStart)) {
        throw new Error('the README must mark its quick start <!-- readme-app: quick-start, main -->')
      }
    },
  },
}
