/** Settles with the work, or rejects with `onTimeout()` once `ms` have passed (the work itself cannot be cancelled). */
export function withDeadline<T>(work: Promise<T> | T, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms)
  })
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer))
}
