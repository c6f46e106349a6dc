// The console's idle lock (client/src/features/team/lib/idle-timer.ts): it fires once, after
// the configured time without input, and input pushes it back.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { createIdleTimer } from '../../../client/src/features/team/lib/idle-timer.js';

describe('idle timer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('locks after the timeout without input', () => {
    const onIdle = vi.fn();
    createIdleTimer({ timeoutMs: 60_000, onIdle });
    vi.advanceTimersByTime(59_999);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('counts from the last input, not from the start', () => {
    const onIdle = vi.fn();
    const timer = createIdleTimer({ timeoutMs: 60_000, onIdle });
    vi.advanceTimersByTime(50_000);
    timer.activity();
    vi.advanceTimersByTime(50_000);
    expect(onIdle).not.toHaveBeenCalled();
    timer.activity();
    vi.advanceTimersByTime(59_000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('fires only once, however long the page then stays idle', () => {
    const onIdle = vi.fn();
    createIdleTimer({ timeoutMs: 1_000, onIdle });
    vi.advanceTimersByTime(10_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('never fires once stopped (signing out, locking by hand)', () => {
    const onIdle = vi.fn();
    const timer = createIdleTimer({ timeoutMs: 1_000, onIdle });
    vi.advanceTimersByTime(500);
    timer.stop();
    vi.advanceTimersByTime(5_000);
    expect(onIdle).not.toHaveBeenCalled();
  });

  it('does not arm a new timer per input: a stream of events costs nothing', () => {
    const setTimer = vi.fn((cb: () => void, ms: number) => setTimeout(cb, ms));
    const timer = createIdleTimer({ timeoutMs: 60_000, onIdle: () => undefined, setTimer });
    for (let i = 0; i < 1000; i++) timer.activity();
    expect(setTimer).toHaveBeenCalledTimes(1);
  });

  it('locks when the machine slept through the timeout (the clock jumped)', () => {
    let now = 0;
    const onIdle = vi.fn();
    createIdleTimer({ timeoutMs: 60_000, onIdle, now: () => now });
    now = 5 * 60_000; // laptop lid closed; timers were suspended
    vi.advanceTimersByTime(60_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });
});
