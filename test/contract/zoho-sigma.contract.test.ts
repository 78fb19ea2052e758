// The shared adapter contract on Zoho Sigma: Writer as copies of the SDK behave (init() -> instance), and
// Desk as the documents write it (static request) with its nested JSON-string answers.
import { describe } from 'vitest';
import { zohoSigma } from '../../adapters/zoho-sigma.js';
import { simulateZohoSigma, type ZohoSigmaSimulatorConfig } from '../../src/testing/zoho-sigma.js';
import type { ContractHarness } from './harness.js';
import { runContractSuite } from './suite.js';

function harnessFor(config: Omit<ZohoSigmaSimulatorConfig, 'connections'> & { service: string }): ContractHarness {
  return {
    vendor: 'zoho-sigma',
    capabilities: zohoSigma({ service: config.service }).capabilities,
    setup(upstream, { held = false } = {}) {
      // Held: the host sends Load only once released.
      const sim = simulateZohoSigma({}, { ...config, autoLoad: !held, connections: { sigmaconn: upstream } });
      const adapter = zohoSigma({ service: config.service, sdk: sim.sdk });
      return { adapter, calls: sim.calls, outbound: sim.outbound, restore: sim.restore, release: () => sim.load() };
    },
    target: () => ({ connection: 'sigmaconn', url: 'https://api.example.com/v1/items' }),
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    // The host rejects with { type: 'APP_ERROR', message } when it cannot reach the API.
    networkFailureCode: 'CONNECTOR_ERROR',
    // Both shapes run here carry `statusCode`; the shapes without one are checked in zoho-sigma.adapter.test.ts.
    revealsStatus: true,
  };
}

describe('SigmaSDK.WRITER, init() instance, { response, statusCode } answers', () => {
  runContractSuite(harnessFor({ service: 'WRITER' }));
});
describe('SigmaSDK.DESK, static request, nested JSON-string answers', () => {
  runContractSuite(harnessFor({ service: 'DESK', style: 'static', answer: 'envelope-strings' }));
});
