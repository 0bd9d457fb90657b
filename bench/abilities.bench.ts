import { subject } from '@casl/ability'
import { bench, describe } from 'vitest'
import definition from '../playground/shared/abilities'
import { AbilityRulesCache, runDefinition } from '../src/runtime/shared/abilities/rules-cache'
import { buildAbility, checkAbility } from '../src/runtime/shared/abilities/ability'

// The per-request cost of an ability, measured side by side in one run.
const roles = ['editor', 'viewer']
const post = subject('Post', { id: 2, authorId: '2', locked: false })
const cache = new AbilityRulesCache(definition)
const shared = buildAbility(runDefinition(definition, roles, '2').rules)

describe('one request: build the ability alone', () => {
  bench('module: fresh ability from cached frozen rules', () => {
    buildAbility(cache.rulesFor(roles, '2'))
  })
})

describe('one request: get an ability, check one record', () => {
  bench('module: fresh ability from cached frozen rules', () => {
    checkAbility(buildAbility(cache.rulesFor(roles, '2')), 'update', post)
  })

  bench('naive: run the definition on every request', () => {
    checkAbility(buildAbility(runDefinition(definition, roles, '2').rules), 'update', post)
  })

  bench('unsafe floor: one ability shared by all requests', () => {
    checkAbility(shared, 'update', post)
  })
})
