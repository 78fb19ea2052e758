// The seam between the shared contract suite (suite.ts) and one adapter with its simulator.
// Each adapter adds a `<vendor>.contract.test.ts` that calls `runContractSuite(harness)`.
import type { Adapter, BridgeErrorCode, BridgeRequest, Capabilities, HttpMethod } from '../../src/index.js';
import type { UpstreamHandler, UpstreamRequest } from '../../src/testing/upstream.js';

export interface HarnessInstance {
  adapter: Adapter;
  /** Every call as the SDK received it (`sim.calls`). */
  calls: readonly unknown[];
  /** Every request the host's server made upstream (`sim.outbound`). */
  outbound: readonly UpstreamRequest[];
  restore(): void;
  /** With `setup(upstream, { held: true })`: lets the host finish starting (Load, init, whenReady). */
  release(): void;
}

export interface ContractHarness {
  /** The adapter's vendor name, e.g. 'gainsight'. */
  vendor: string;
  capabilities: Capabilities;
  /**
   * Installs the simulator on a fresh target with connections that accept every method in `methods`,
   * all answered by `upstream`, and returns an adapter bound to it.
   */
  setup(upstream: UpstreamHandler, options?: { held?: boolean }): HarnessInstance;
  /** The request fields that address the connection for `method` (connection, and url where the host needs one). */
  target(method: HttpMethod): Pick<BridgeRequest, 'connection' | 'url'>;
  /** The methods the suite may use (Gainsight connectors have one method each, all seven are declared). */
  methods: HttpMethod[];
  /** Whether this answer shape carries the upstream status (default: the adapter's `responseStatus`). */
  revealsStatus?: boolean;
  /** What the host reports when its server cannot reach the upstream API. */
  networkFailureCode: BridgeErrorCode;
}
