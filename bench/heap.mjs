// Heap growth while checking abilities for 1M distinct users and records: the rules cache is
// bounded, abilities are per request, so the heap must not grow with the number of subjects.
//   node --expose-gc bench/heap.mjs [count]
import { createJiti } from 'jiti'

if (typeof globalThis.gc !== 'function') {
  throw new TypeError('run with node --expose-gc')
}
const jiti = createJiti(import.meta.url)
const { subject } = await import('@casl/ability')
const { defineAbilities } = await jiti.import('../src/runtime/shared/abilities/define-abilities.ts')
const { AbilityRulesCache } = await jiti.import('../src/runtime/shared/abilities/rules-cache.ts')
const { buildAbility, checkAbility } = await jiti.import('../src/runtime/shared/abilities/ability.ts')

const count = Number(process.argv[2] ?? 1_000_000)
// Reads `user`, so the cache keys by user id: the worst case for growth.
const definition = defineAbilities(({ roles, user }, { can }) => {
  if (roles.includes('editor')) {
    can('update', 'Post', { authorId: user.uid })
  }
})
const cache = new AbilityRulesCache(definition)
const run = (from, to) => {
  let allowed = 0
  for (let index = from; index < to; index++) {
    const uid = String(index)
    const ability = buildAbility(cache.rulesFor(['editor'], uid))
    if (checkAbility(ability, 'update', subject('Post', { id: index, authorId: uid }))) {
      allowed++
    }
  }
  return allowed
}
const heap = () => {
  globalThis.gc()
  globalThis.gc()
  return process.memoryUsage().heapUsed
}

run(0, 20_000) // fills the cache to its bound and warms the JIT
const start = heap()
const started = performance.now()
// A bounded cache costs a constant once; a leak grows with every subject. Measuring between a
// first quarter and the end separates the two.
const quarter = 20_000 + Math.floor(count / 4)
let allowed = run(20_000, quarter)
const afterQuarter = heap()
allowed += run(quarter, 20_000 + count)
const seconds = (performance.now() - started) / 1000
const end = heap()
if (allowed !== count) {
  throw new Error(`expected every check to pass, ${allowed} of ${count} did`)
}
const mb = bytes => (bytes / 2 ** 20).toFixed(2)
const perMillion = (end - afterQuarter) / (count - (quarter - 20_000)) * 1e6
console.log(`${count} distinct users and records in ${seconds.toFixed(1)} s (${(1e6 * seconds / count).toFixed(2)} µs each). Heap ${mb(start)} MB → ${mb(afterQuarter)} MB after the first quarter → ${mb(end)} MB at the end: ${mb(perMillion)} MB per 1M further subjects (target < 1 MB); ${mb(afterQuarter - start)} MB once, while the JIT and the bounded caches settle.`)
