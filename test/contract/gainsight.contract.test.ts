// The shared adapter contract on Gainsight: gainsight() on simulateGainsight(), one connector per method
// (a Gainsight connector accepts the one method it is configured with).
import { gainsight } from '../../adapters/gainsight.js';
import type { HttpMethod } from '../../src/index.js';
import { simulateGainsight, type GainsightConnector } from '../../src/testing/gainsight.js';
import type { ContractHarness } from './harness.js';
import { runContractSuite } from './suite.js';

const methods: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const permalink = (method: HttpMethod) => `items-${method.toLowerCase()}`;

const harness: ContractHarness = {
  vendor: 'gainsight',
  capabilities: gainsight().capabilities,
  setup(upstream, { held = false } = {}) {
    const connectors: Record<string, GainsightConnector> = {};
    for (const method of methods) {
      connectors[permalink(method)] = { method, url: 'https://api.example.com/items', overrideAny: true, upstream };
    }
    const sim = simulateGainsight({}, { connectors });
    // Held: the SDK's whenReady() settles only once released.
    let release = () => {};
    const ready = held ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve();
    const sdk = { connectors: sim.sdk.connectors, whenReady: () => ready };
    return { adapter: gainsight({ sdk }), calls: sim.calls, outbound: sim.outbound, restore: sim.restore, release };
  },
  target: (method) => ({ connection: permalink(method) }),
  methods,
  // The connector server answers 502 "Downstream (network/external service)" (composite-connector-reference.md).
  networkFailureCode: 'NETWORK_ERROR',
};

runContractSuite(harness);
