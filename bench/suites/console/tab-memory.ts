// The JS heap of a console tab, after a full garbage collection, through the DevTools protocol:
// the page's main thread (HeapProfiler.collectGarbage, then Performance.getMetrics'
// JSHeapUsedSize) and each of its dedicated Workers (the keyring's), which Playwright gives no
// protocol session of their own: they are reached from a browser-level session with
// Target.attachToTarget and messages sent through Target.sendMessageToTarget, where the same two
// steps are HeapProfiler.collectGarbage and Runtime.getHeapUsage.

import type { Browser, CDPSession, Page } from 'playwright-core';

export interface TabHeap {
  /** The page's main thread, bytes used after GC. */
  readonly pageBytes: number;
  /** All its Workers together, bytes used after GC. */
  readonly workerBytes: number;
  readonly workers: number;
}

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

/** A protocol session inside a target, over the browser session's message relay. */
async function relaySession(
  browserSession: CDPSession,
  targetId: string,
): Promise<{
  send(method: string, params?: object): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}> {
  const { sessionId } = await browserSession.send('Target.attachToTarget', { targetId, flatten: false });
  let nextId = 0;
  const pending = new Map<
    number,
    { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }
  >();
  const onMessage = (event: { sessionId: string; message: string }) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message) as {
      id?: number;
      result?: Record<string, unknown>;
      error?: { message: string };
    };
    if (message.id === undefined) return;
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) waiting?.reject(new Error(message.error.message));
    else waiting?.resolve(message.result ?? {});
  };
  browserSession.on('Target.receivedMessageFromTarget', onMessage);
  return {
    send(method, params = {}) {
      const id = ++nextId;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        browserSession
          .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) })
          .catch(reject);
      });
    },
    async close() {
      browserSession.off('Target.receivedMessageFromTarget', onMessage);
      await browserSession.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
    },
  };
}

/**
 * The heap of `page` and of the Workers of its origin. Call it with no other page of that origin
 * open: Workers are told apart by origin only.
 */
export async function measureTabHeap(browser: Browser, page: Page): Promise<TabHeap> {
  const origin = new URL(page.url()).origin;
  const browserSession = await browser.newBrowserCDPSession();
  let workerBytes = 0;
  let workers = 0;
  try {
    const { targetInfos } = (await browserSession.send('Target.getTargets')) as unknown as {
      targetInfos: TargetInfo[];
    };
    for (const target of targetInfos) {
      if (target.type !== 'worker' || !target.url.startsWith(origin)) continue;
      const session = await relaySession(browserSession, target.targetId);
      try {
        await session.send('HeapProfiler.collectGarbage');
        const usage = await session.send('Runtime.getHeapUsage');
        workerBytes += Number(usage['usedSize'] ?? 0);
        workers++;
      } finally {
        await session.close();
      }
    }
  } finally {
    await browserSession.detach();
  }
  const pageSession = await page.context().newCDPSession(page);
  try {
    await pageSession.send('HeapProfiler.collectGarbage');
    await pageSession.send('Performance.enable');
    const { metrics } = await pageSession.send('Performance.getMetrics');
    const used = metrics.find((m) => m.name === 'JSHeapUsedSize');
    if (used === undefined) throw new Error('Performance.getMetrics gave no JSHeapUsedSize');
    return { pageBytes: used.value, workerBytes, workers };
  } finally {
    await pageSession.detach();
  }
}
