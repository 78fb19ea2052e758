// The shared adapter contract on Zoho CRM: zohoCrm() on simulateZohoCrm(), with both forms of
// `details.statusMessage` the SDK's callers see (the parsed body, and the body as JSON text).
import { describe } from 'vitest';
import { zohoCrm } from '../../adapters/zoho-crm.js';
import { simulateZohoCrm, type ZohoCrmSimulatorConfig } from '../../src/testing/zoho-crm.js';
import type { ContractHarness } from './harness.js';
import { runContractSuite } from './suite.js';

function harnessFor(config: Omit<ZohoCrmSimulatorConfig, 'connections'>): ContractHarness {
  return {
    vendor: 'zoho-crm',
    capabilities: zohoCrm().capabilities,
    setup(upstream, { held = false } = {}) {
      // Held: the host's SET_CONTEXT arrives only once released.
      const sim = simulateZohoCrm({}, { ...config, autoLoad: !held, connections: { crmconn: upstream } });
      return { adapter: zohoCrm({ zoho: sim.zoho }), calls: sim.calls, outbound: sim.outbound, restore: sim.restore, release: sim.load };
    },
    target: () => ({ connection: 'crmconn', url: 'https://api.example.com/v1/items' }),
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    // How the host reports an unreachable API is not documented; the simulator resolves with a code other
    // than SUCCESS, as for any failure of the connection, which the adapter reports as CONNECTOR_ERROR.
    networkFailureCode: 'CONNECTOR_ERROR',
    // `details.statusCode` is on (the simulator's default); the documented shape without it is checked in zoho-crm.adapter.test.ts.
    revealsStatus: true,
  };
}

describe('ZOHO.CRM.CONNECTION.invoke, statusMessage as the parsed body', () => {
  runContractSuite(harnessFor({ statusMessage: 'object' }));
});
describe('ZOHO.CRM.CONNECTION.invoke, statusMessage as JSON text', () => {
  runContractSuite(harnessFor({ statusMessage: 'string' }));
});
