// Nothing the core keeps grows with what a widget sends: after requests settle and a full GC, the heap is
// back at its baseline. A host frame runs requests whose URLs and timeouts a widget chooses. Run with
// --expose-gc (the `heap` project in vitest.config.ts).
import { describe, expect, it } from 'vitest';
import { createBridge, type Adapter, type BridgeRequest } from '../../src/index.js';
import { ALL_CAPABILITIES } from '../support/memory-adapter.js';

const MB = 1024 * 1024;

// Unlike memoryAdapter, keeps nothing it is sent.
const forgetful = (): Adapter => ({
  vendor: 'memory',
  capabilities: ALL_CAPABILITIES,
  detect: () => true,
  send: async () => ({ status: 200, body: '{}' }),
});

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('memory held after requests settle', () => {
  it('long distinct URLs are not remembered: 63 requests with 2 MB URLs leave the heap within 4 MB of its baseline', async () => {
    const bridge = createBridge({ adapter: forgetful() });
    await bridge.request({ connection: 'c', url: 'https://api.example.com/warm-up' });
    const baseline = heapAfterGc();
    for (let i = 0; i < 63; i++) {
      // Distinct, 2 MB each: 126 MB if kept (the old memo held 64 of any length).
      const url = `https://api.example.com/${String(i).padStart(4, '0')}?q=${'x'.repeat(2 * MB)}`;
      await bridge.request({ connection: 'c', url });
    }
    const after = heapAfterGc();
    expect((after - baseline) / MB).toBeLessThan(4);
  }, 60_000);

  it('settled requests leave nothing in the deadline queue or the in-flight set, whatever their timeout', async () => {
    const bridge = createBridge({ adapter: forgetful() });
    const request: BridgeRequest = { connection: 'c', url: 'https://api.example.com/items', timeout: 2_147_483_647 };
    for (let i = 0; i < 1_000; i++) await bridge.request(request);
    const baseline = heapAfterGc();
    for (let round = 0; round < 50; round++) {
      await Promise.all(Array.from({ length: 2_000 }, () => bridge.request(request)));
    }
    const after = heapAfterGc();
    // 100 000 settled requests; kept entries would be ~65 bytes each in the queue alone (6.5 MB).
    expect((after - baseline) / MB).toBeLessThan(1);
  }, 120_000);
});
