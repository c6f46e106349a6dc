/**
 * Waiting on a condition, never on a time: polls `check` until it holds, and fails naming `what`
 * only after a deadline far beyond any healthy run (a loaded CI machine included).
 */
export async function until(
  what: string | (() => string),
  check: () => boolean | Promise<boolean>,
  { deadlineMs = 30_000, everyMs = 25 }: { deadlineMs?: number; everyMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
