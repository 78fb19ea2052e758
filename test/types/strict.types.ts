// Type-level tests for what strict projects write (compiled by `npm run typecheck`; nothing here runs):
// `as const` lists wherever a list is read, headers as fetch's HeadersInit, the testing entry's types, and a
// request typed on its own. exactOptionalPropertyTypes itself is off in this repository's tsconfig, so the
// `undefined` cases are compiled in test/dist/consumers.test.ts, in a project with it on.
import { createBridge, type BridgeRequest, type RetryOptions } from '../../src/index.js';
import { gainsight } from '../../adapters/gainsight.js';
import { zohoFinance } from '../../adapters/zoho-finance.js';
import { exposeBridge, parentFrame, type AllowList } from '../../src/iframe/index.js';
import type {
  GainsightSimConfig,
  GainsightSimulator,
  ZohoCrmSimulator,
  ZohoCrmSimulatorConfig,
  ZohoFinanceSimulator,
  ZohoFinanceSimulatorConfig,
  ZohoSigmaSimulator,
  ZohoSigmaSimulatorConfig,
} from '../../src/testing/index.js';

declare const check: <T>(value: T) => void;

const ORIGINS = ['https://books.zoho.com', /^https:\/\/[a-z]+\.example\.com$/] as const;
const METHODS = ['GET', 'HEAD'] as const;
const adapters = [gainsight(), zohoFinance(), parentFrame({ allowedOrigins: ORIGINS })] as const;
const retry: RetryOptions = { limit: 2, methods: METHODS, statusCodes: [503] as const };

const bridge = createBridge({
  adapter: adapters,
  headers: new Headers({ 'X-App-Version': '2.1.0' }),
  retry,
  hooks: { afterResponse: [] as const },
  connections: { health: { 'zoho-finance': { connection: 'c', url: 'https://api.example.com/h', headers: [['X-Tenant', 'acme']] as const } } },
});

async function requests(): Promise<void> {
  const tags = ['churn', 'nps'] as const;
  await bridge.request({ connection: 'health', query: { tag: tags }, headers: [['X-Trace', '1']] as const });
  await bridge.request({ connection: 'health', headers: new Headers() });
  await bridge.request({ connection: 'health', headers: [['X-Trace', '1']] });
  await bridge.request({ connection: 'health', headers: { 'X-Trace': '1' } as const });
  // A request typed on its own (no connection names) is taken by a bridge that has names.
  const written: BridgeRequest = { connection: 'health', retry: { limit: 1, methods: METHODS } };
  await bridge.request(written);
  // @ts-expect-error a Map is not HeadersInit
  await bridge.request({ connection: 'health', headers: new Map([['X-Trace', '1']]) });
  // @ts-expect-error a header entry is a [name, value] pair
  await bridge.request({ connection: 'health', headers: [['X-Trace', '1', '2']] });
  // @ts-expect-error header values are strings
  await bridge.request({ connection: 'health', headers: { 'X-Count': 1 } });
}

function host(iframe: HTMLIFrameElement): void {
  const allow = { connections: ['c'], methods: METHODS, urls: ['https://api.example.com/', /^https:\/\/api\./], headers: ['X-Trace'] } as const;
  check<AllowList>(allow);
  exposeBridge({ bridge, iframe, allowedOrigins: ORIGINS, allow });
}

// Every simulator's config and handle type is exported by widget-bridge/testing.
type SimulatorTypes = [
  GainsightSimConfig,
  GainsightSimulator,
  ZohoCrmSimulatorConfig,
  ZohoCrmSimulator,
  ZohoFinanceSimulatorConfig,
  ZohoFinanceSimulator,
  ZohoSigmaSimulatorConfig,
  ZohoSigmaSimulator,
];
const gainsightConfig: GainsightSimConfig = {
  connectors: { c: { method: 'GET', url: 'https://api.example.com/{{pathParams.id}}', pathParams: ['id'] as const, upstream: () => ({}) } },
};

void [requests, host, gainsightConfig, null as unknown as SimulatorTypes];
