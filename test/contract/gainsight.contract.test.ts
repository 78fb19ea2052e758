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
  setup(upstream) {
    const connectors: Record<string, GainsightConnector> = {};
    for (const method of methods) {
      connectors[permalink(method)] = { method, url: 'https://api.example.com/items', overrideAny: true, upstream };
    }
    const sim = simulateGainsight({}, { connectors });
    return { adapter: gainsight({ sdk: sim.sdk }), calls: sim.calls, outbound: sim.outbound, restore: sim.restore };
  },
  target: (method) => ({ connection: permalink(method) }),
  methods,
  // The connector server answers 502 "Downstream (network/external service)" (composite-connector-reference.md).
  networkFailureCode: 'NETWORK_ERROR',
};

runContractSuite(harness);
