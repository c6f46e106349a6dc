/**
 * Locks the console after a stretch without input. Pure timing logic, so it can be tested
 * with fake timers; the session wires it to the document's input events.
 *
 * Activity is recorded cheaply (a timestamp); the timer only re-arms when it fires early,
 * so a stream of mouse moves costs nothing.
 */
export interface IdleTimer {
  /** Call on any user input. */
  activity(): void;
  /** Stops the timer for good. */
  stop(): void;
}

export interface IdleTimerOptions {
  timeoutMs: number;
  onIdle: () => void;
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export function createIdleTimer(options: IdleTimerOptions): IdleTimer {
  const now = options.now ?? (() => Date.now());
  const setTimer = options.setTimer ?? ((cb: () => void, ms: number) => setTimeout(cb, ms));
  const clearTimer =
    options.clearTimer ?? ((handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  let last = now();
  let handle: unknown;
  let stopped = false;

  function arm(ms: number): void {
    handle = setTimer(check, Math.max(0, ms));
  }

  function check(): void {
    if (stopped) return;
    const idleFor = now() - last;
    if (idleFor >= options.timeoutMs) {
      stopped = true;
      options.onIdle();
      return;
    }
    arm(options.timeoutMs - idleFor);
  }

  arm(options.timeoutMs);
  return {
    activity() {
      last = now();
    },
    stop() {
      stopped = true;
      clearTimer(handle);
    },
  };
}

/** The input events that count as "someone is here". */
export const ACTIVITY_EVENTS = [
  'pointerdown',
  'pointermove',
  'keydown',
  'wheel',
  'touchstart',
  'focus',
] as const;
