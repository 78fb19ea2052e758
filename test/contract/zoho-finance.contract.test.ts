// The shared adapter contract on Zoho Finance: zohoFinance() on simulateZohoFinance().
import { zohoFinance } from '../../adapters/zoho-finance.js';
import { simulateZohoFinance } from '../../src/testing/zoho-finance.js';
import type { ContractHarness } from './harness.js';
import { runContractSuite } from './suite.js';

const harness: ContractHarness = {
  vendor: 'zoho-finance',
  capabilities: zohoFinance().capabilities,
  setup(upstream, { held = false } = {}) {
    const sim = simulateZohoFinance({}, { connections: { booksconn: upstream } });
    // Held: extension.init() settles only once released, as it does when the host's __REGISTER__ is late.
    let release = () => {};
    const registered = held ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve();
    const zfapps = { ...sim.zfapps, extension: { init: () => registered.then(() => sim.zfapps.extension.init()) } };
    return { adapter: zohoFinance({ zfapps }), calls: sim.calls, outbound: sim.outbound, restore: sim.restore, release };
  },
  target: () => ({ connection: 'booksconn', url: 'https://api.example.com/v1/items' }),
  // The methods the Books widget SDK docs list for ZFAPPS.request.
  methods: ['GET', 'POST', 'PUT', 'DELETE'],
  // How the host reports an unreachable API is not documented; the simulator rejects with { message },
  // as for any host error, which the adapter reports as CONNECTOR_ERROR.
  networkFailureCode: 'CONNECTOR_ERROR',
};

runContractSuite(harness);
