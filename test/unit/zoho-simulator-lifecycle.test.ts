// A bridge made once at module level, as apps make it, across a new simulator per test and restore() after
// each: every test's simulator records the calls and answers with its own upstream (the adapter starts on
// a different SDK object when it sees one). Three cycles per adapter.
import { afterEach, describe, expect, it } from 'vitest';
import { zohoCrm } from '../../adapters/zoho-crm.js';
import { zohoFinance } from '../../adapters/zoho-finance.js';
import { zohoSigma } from '../../adapters/zoho-sigma.js';
import { createBridge, type Adapter } from '../../src/index.js';
import { simulateZohoCrm } from '../../src/testing/zoho-crm.js';
import { simulateZohoFinance } from '../../src/testing/zoho-finance.js';
import { simulateZohoSigma } from '../../src/testing/zoho-sigma.js';
import type { UpstreamHandler } from '../../src/testing/upstream.js';

interface Simulator {
  calls: readonly unknown[];
  restore(): void;
}

const ADAPTERS: Array<[string, Adapter, (upstream: UpstreamHandler) => Simulator]> = [
  ['zoho-finance', zohoFinance(), (upstream) => simulateZohoFinance(window, { connections: { conn: upstream } })],
  ['zoho-sigma', zohoSigma({ service: 'WRITER' }), (upstream) => simulateZohoSigma(window, { connections: { conn: upstream } })],
  ['zoho-crm', zohoCrm(), (upstream) => simulateZohoCrm(window, { connections: { conn: upstream } })],
];

describe.each(ADAPTERS)('%s: one module-level bridge, a simulator per test', (_, adapter, simulate) => {
  const bridge = createBridge({ adapter, timeout: 2_000 });
  let sim: Simulator | undefined;
  afterEach(() => sim?.restore());

  it.each([1, 2, 3])('test %i: its own simulator records the call and answers', async (test) => {
    sim = simulate(() => ({ body: { test } }));
    const response = await bridge.request({ connection: 'conn', url: 'https://api.example.com/items' });
    expect(response.data).toEqual({ test });
    expect(sim.calls).toHaveLength(1);
  });
});
