/**
 * "The outbox has something new": services call wakeNotificationWorkers() after committing a
 * transaction that wrote outbox rows, and every worker running in this process (usually one)
 * looks at once instead of at its next poll. Workers in other processes find the rows at their
 * next poll; nothing is lost if a wake-up is missed, it only comes later.
 */
const sleepers = new Set<() => void>();

/** Registers a worker's wake-up; returns the function that unregisters it. */
export function onOutboxWritten(wake: () => void): () => void {
  sleepers.add(wake);
  return () => {
    sleepers.delete(wake);
  };
}

export function wakeNotificationWorkers(): void {
  for (const wake of sleepers) wake();
}
