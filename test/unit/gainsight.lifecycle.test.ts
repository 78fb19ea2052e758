// A bridge made once at module level, as apps make it, across a new Gainsight simulator per test and
// restore() after each: every test's simulator records the call and answers with its own upstream (the
// adapter makes a new client when window.WidgetServiceSDK is another one). Three cycles.
import { afterEach, describe, expect, it } from 'vitest';
import { gainsight } from '../../adapters/gainsight.js';
import { createBridge } from '../../src/index.js';
import { simulateGainsight, type GainsightSimulator } from '../../src/testing/gainsight.js';

describe('gainsight: one module-level bridge, a simulator per test', () => {
  const bridge = createBridge({ adapter: gainsight(), timeout: 2_000 });
  let sim: GainsightSimulator | undefined;
  afterEach(() => sim?.restore());

  it.each([1, 2, 3])('test %i: its own simulator records the call and answers', async (test) => {
    sim = simulateGainsight(window, { connectors: { accounts: { method: 'GET', url: 'https://api.example.com/accounts', upstream: () => ({ body: { test } }) } } });
    const response = await bridge.request({ connection: 'accounts' });
    expect(response.data).toEqual({ test });
    expect(sim.calls).toHaveLength(1);
  });
});
