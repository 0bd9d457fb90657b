/** The demo backend's users. A real backend looks them up in its database and keeps password hashes. */
export interface Account {
  id: string
  username: string
  password: string
  name: string
  roles: string[]
}

export const accounts: readonly Account[] = [
  { id: 'u1', username: 'alice', password: 'alice-pass', name: 'Alice Admin', roles: ['admin'] },
  { id: 'u2', username: 'bob', password: 'bob-pass', name: 'Bob Editor', roles: ['editor'] },
  { id: 'u3', username: 'carol', password: 'carol-pass', name: 'Carol Viewer', roles: ['viewer'] },
  // Billing inherits nothing and is inherited by no one: Dan reads invoices and nothing else.
  { id: 'u4', username: 'dan', password: 'dan-pass', name: 'Dan Billing', roles: ['billing'] },
]

export function findAccount(username: unknown, password: unknown): Account | undefined {
  return accounts.find(account => account.username === username && account.password === password)
}

export function accountById(id: unknown): Account | undefined {
  return accounts.find(account => account.id === id)
}
