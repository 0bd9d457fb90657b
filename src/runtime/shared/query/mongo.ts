import type { Lowered } from './lower'

/** A MongoDB-style filter. */
export type MongoFilter = Record<string, unknown>

/**
 * The lowered condition as a Mongo filter that gives the same answer in CASL's matcher (with
 * `$and`/`$or`) and in MongoDB for documents that have every field. Where CASL lets a null
 * through a range (`null < 5` in JavaScript) MongoDB does not, so such a test also lists null.
 */
export function printMongo(condition: Lowered | boolean): MongoFilter {
  if (typeof condition === 'boolean') {
    // Nothing: `$in` an empty list is false for any value, missing or not, in MongoDB and in
    // CASL's matcher alike (`{ $expr: false }` would be MongoDB only).
    return condition ? {} : { _id: { $in: [] } }
  }
  return print(condition)
}

function print(node: Lowered): MongoFilter {
  switch (node.kind) {
    case 'and':
      return { $and: node.items.map(print) }
    case 'or':
      return { $or: node.items.map(print) }
    case 'null':
      return { [node.field]: node.isNull ? null : { $ne: null } }
    case 'compare': {
      const { field, operator, value, orNull } = node
      if (operator === 'eq') {
        return { [field]: value }
      }
      if (operator === 'ne') {
        // `$ne` lets null through in both; only `ne` without null is spelt out.
        return { [field]: orNull ? { $ne: value } : { $nin: [value, null] } }
      }
      const test = { [field]: { [`$${operator}`]: value } }
      return orNull ? { $or: [test, { [field]: null }] } : test
    }
    case 'in':
      return { [node.field]: { $in: node.orNull ? [...node.values, null] : [...node.values] } }
    case 'nin':
      return { [node.field]: { $nin: node.orNull ? [...node.values] : [...node.values, null] } }
  }
}
