// TypeScript projects as users start them, installed from the packed tarball: a CommonJS one (`npm init`'s
// default) and an ES module one, both `module: node16` and as strict as TypeScript goes
// (exactOptionalPropertyTypes, noUncheckedIndexedAccess), each type-checking one widget that imports every
// entry point and uses `connections`, `schema` and `isBridgeError`, one written the strict way (undefined
// passed through, `as const` lists, HeadersInit, the simulators' types), a module importing every entry of
// rollup's `entries` (so a new one is covered without an edit here), and a script that uses the UMD globals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packAndInstall, readJson, ROOT, tsc, writeFiles } from './tarball.js';
import type { Tarball } from './tarball.js';

const WIDGET = `
import { createBridge, isBridgeError } from 'widget-bridge';
import type { Bridge, BridgeErrorCode } from 'widget-bridge';
import { gainsight } from 'widget-bridge/gainsight';
import { zohoFinance } from 'widget-bridge/zoho-finance';
import { zohoSigma } from 'widget-bridge/zoho-sigma';
import { exposeBridge, parentFrame } from 'widget-bridge/iframe';
import { simulateGainsight } from 'widget-bridge/testing';
import * as z from 'zod/mini';

const Weather = z.object({ temp: z.number(), city: z.string() });
const url = 'https://api.example.com/weather/{{pathParams.city}}';

export const bridge: Bridge = createBridge({
  adapter: [gainsight(), zohoFinance(), zohoSigma({ service: 'WRITER' }), parentFrame({ allowedOrigins: ['https://host.example'] })],
  connections: {
    weather: {
      gainsight: { connection: 'weather-api' },
      'zoho-finance': { connection: 'weatherconn', url },
      'zoho-sigma': { connection: 'weatherconn', url },
    },
  },
});

export async function temperature(city: string): Promise<number | BridgeErrorCode> {
  try {
    const { data, status } = await bridge.request({ connection: 'weather', pathParams: { city }, schema: Weather });
    // @ts-expect-error: the schema types data, so temp is a number
    const wrong: string = data.temp;
    return wrong.length + data.temp + status;
  } catch (error) {
    if (isBridgeError(error)) return error.code;
    throw error;
  }
}

export function host(iframe: HTMLIFrameElement): () => void {
  const sim = simulateGainsight(window, { connectors: {} });
  const handle = exposeBridge({ bridge, iframe, allowedOrigins: ['https://widgets.example'] });
  return () => {
    handle.destroy();
    sim.restore();
  };
}
`;

// A script, not a module: what a page with <script src="dist/widget-bridge.umd.js"> compiles.
const GLOBALS = `/// <reference types="widget-bridge/umd" />
/// <reference types="widget-bridge/testing/umd" />
const sim = WidgetBridgeTesting.simulateZohoFinance(window, { connections: {} });
const page: WidgetBridge.Bridge = WidgetBridge.createBridge({ adapter: WidgetBridge.zohoFinance() });
page.request({ connection: 'c', url: 'https://api.example.com/' }).catch((error: unknown) => WidgetBridge.isBridgeError(error) && sim.restore());
`;

// A widget as a strict project writes it (exactOptionalPropertyTypes, noUncheckedIndexedAccess): optional
// values passed through as they are, lists \`as const\`, headers as fetch takes them, the simulators' types.
const STRICT_WIDGET = `
import { createBridge } from 'widget-bridge';
import type { BridgeRequest, RetryOptions } from 'widget-bridge';
import { gainsight } from 'widget-bridge/gainsight';
import { zohoCrm } from 'widget-bridge/zoho-crm';
import { zohoFinance } from 'widget-bridge/zoho-finance';
import { zohoSigma } from 'widget-bridge/zoho-sigma';
import { exposeBridge, parentFrame } from 'widget-bridge/iframe';
import type { AllowList } from 'widget-bridge/iframe';
import { simulateGainsight, simulateZohoCrm, simulateZohoFinance, simulateZohoSigma } from 'widget-bridge/testing';
import type {
  GainsightSimConfig,
  GainsightSimulator,
  UpstreamHandler,
  ZohoCrmSimulator,
  ZohoCrmSimulatorConfig,
  ZohoFinanceSimulator,
  ZohoFinanceSimulatorConfig,
  ZohoSigmaSimulator,
  ZohoSigmaSimulatorConfig,
} from 'widget-bridge/testing';

declare const maybeTimeout: number | undefined;
declare const maybeSignal: AbortSignal | undefined;
declare const maybeIframe: HTMLIFrameElement | undefined;
declare const maybeWindow: Window | undefined;
declare const maybePage: number | undefined;

const HOSTS = ['https://books.zoho.com', /^https:\\/\\/[a-z]+\\.gainsightcloud\\.com$/] as const;
const METHODS = ['GET', 'HEAD'] as const;
const STATUS_CODES = [502, 503] as const;
const url = 'https://api.example.com/health/{{pathParams.id}}';

const adapters = [
  gainsight({ sdk: undefined, connectors: undefined }),
  zohoFinance({ zfapps: undefined }),
  zohoSigma({ service: 'WRITER', sdk: undefined, instance: undefined }),
  zohoCrm({ zoho: undefined }),
  parentFrame({ allowedOrigins: HOSTS, timeout: maybeTimeout, heartbeat: undefined, targetWindow: maybeWindow }),
] as const;

const retry: RetryOptions = { limit: 2, methods: METHODS, statusCodes: STATUS_CODES, backoff: undefined };

export const bridge = createBridge({
  adapter: adapters,
  connections: {
    health: {
      'zoho-finance': { connection: 'healthconn', url, method: undefined, headers: new Headers({ 'X-Tenant': 'acme' }) },
      'zoho-crm': { connection: 'healthconn', url, headers: [['X-Tenant', 'acme']] as const },
      gainsight: { connection: 'account-health', url: undefined },
    },
  },
  timeout: maybeTimeout,
  attemptTimeout: undefined,
  headers: [['X-App-Version', '2.1.0']] as const,
  retry,
  hooks: { beforeRequest: undefined, afterResponse: [], beforeError: undefined, beforeRetry: undefined },
  concurrency: undefined,
  debug: undefined,
});

export async function health(id: string): Promise<number> {
  const tags = ['churn', 'nps'] as const;
  const request: BridgeRequest = {
    connection: 'health',
    pathParams: { id },
    query: { tag: tags, page: maybePage },
    headers: new Headers({ 'X-Trace': id }),
    signal: maybeSignal,
    timeout: maybeTimeout,
    attemptTimeout: maybeTimeout,
    method: undefined,
    url: undefined,
    body: undefined,
    responseType: undefined,
    schema: undefined,
    composite: undefined,
    retry: undefined,
    hooks: undefined,
  };
  const { status } = await bridge.request(request);
  await bridge.request({ connection: 'health', pathParams: { id }, headers: [['X-Trace', id]], signal: maybeSignal, timeout: maybeTimeout });
  return status;
}

const allow = {
  connections: ['healthconn'],
  methods: METHODS,
  urls: ['https://api.example.com/health', /^https:\\/\\/api\\.example\\.com\\//],
  headers: ['X-Trace'],
} as const satisfies AllowList;

export function host(): () => void {
  const handle = exposeBridge({ bridge, iframe: maybeIframe, window: maybeWindow, allowedOrigins: HOSTS, allow });
  return () => handle.destroy();
}

const ok: UpstreamHandler = () => ({ status: 200, body: { score: 87 }, headers: undefined });
const gainsightConfig: GainsightSimConfig = {
  connectors: { 'account-health': { method: 'GET', url, pathParams: ['id'] as const, upstream: ok, failure: undefined } },
  composites: undefined,
  upstreamTimeout: maybeTimeout,
};
const financeConfig: ZohoFinanceSimulatorConfig = { connections: { healthconn: ok }, anonymous: undefined, init: { failures: undefined, pending: undefined } };
const sigmaConfig: ZohoSigmaSimulatorConfig = { connections: { healthconn: ok }, service: undefined, answer: undefined, style: undefined, autoLoad: undefined };
const crmConfig: ZohoCrmSimulatorConfig = { connections: { healthconn: ok }, statusMessage: undefined, statusCode: undefined, autoLoad: undefined, pageLoad: undefined };

export function simulators(): Array<() => void> {
  const gainsightSim: GainsightSimulator = simulateGainsight(window, gainsightConfig);
  const financeSim: ZohoFinanceSimulator = simulateZohoFinance(window, financeConfig);
  const sigmaSim: ZohoSigmaSimulator = simulateZohoSigma(window, sigmaConfig);
  const crmSim: ZohoCrmSimulator = simulateZohoCrm(window, crmConfig);
  return [gainsightSim.restore, financeSim.restore, sigmaSim.restore, crmSim.restore];
}
`;

// As strict as projects get: a type that only compiles without these flags fails here.
const tsconfig = (module: string) =>
  JSON.stringify({
    compilerOptions: {
      module,
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      noEmit: true,
      skipLibCheck: false,
      lib: ['ES2022', 'DOM', 'DOM.Iterable'],
      types: [],
      target: 'ES2022',
    },
    include: ['*.ts'],
  });

/** Every entry point of rollup.config.mjs, imported whole, so that one added later is checked too. */
const everyEntry = (entries: Record<string, string>) => {
  const names = Object.keys(entries).map((entry) => (entry === 'index' ? 'widget-bridge' : `widget-bridge/${entry}`));
  return `${names.map((name, i) => `import * as entry${i} from '${name}';`).join('\n')}\nexport const entries = [${names.map((_, i) => `entry${i}`).join(', ')}];\n`;
};

let tarball: Tarball;
let ENTRIES = '';
beforeAll(async () => {
  tarball = packAndInstall();
  // A specifier in a variable, as in exports.test.ts: the typecheck does not follow it into rollup's config.
  const config = new URL('../../rollup.config.mjs', import.meta.url).href;
  ENTRIES = everyEntry(((await import(config)) as { entries: Record<string, string> }).entries);
});
afterAll(() => tarball?.cleanup());

describe('a TypeScript project that installs the tarball', () => {
  it.each([
    ['CommonJS', 'commonjs'],
    ['ES module', 'module'],
  ])('%s, module node16, exactOptionalPropertyTypes: the widget, the strict widget, every entry point and the UMD globals type-check', (_, type) => {
    const dir = `${tarball.project}/${type}`;
    const files = { 'widget.ts': WIDGET, 'strict-widget.ts': STRICT_WIDGET, 'entries.ts': ENTRIES, 'globals.ts': GLOBALS };
    writeFiles(dir, { 'package.json': JSON.stringify({ type }), 'tsconfig.json': tsconfig('node16'), ...files });
    expect(tsc(dir)).toBe('');
  });

  it('fails to compile a widget that misuses the types (so the checks above can fail)', () => {
    const dir = `${tarball.project}/misuse`;
    const misuse = `import { createBridge } from 'widget-bridge';\ncreateBridge({ adapter: [] }).request({ connection: 42 });\n`;
    writeFiles(dir, { 'package.json': JSON.stringify({ type: 'commonjs' }), 'tsconfig.json': tsconfig('node16'), 'widget.ts': misuse });
    expect(tsc(dir)).toMatch(/widget\.ts\(2,\d+\): error TS2322/);
  });
});

describe('packing', () => {
  // `npm pack` (and publish) of a clone that was never built would ship no dist/ and say nothing: prepack
  // builds first. (tarball.ts packs with --ignore-scripts, since the test run has built dist/ already.)
  it('builds before npm pack', () => {
    const { scripts } = readJson<{ scripts: Record<string, string> }>(`${ROOT}package.json`);
    expect(scripts.prepack).toBe('npm run build');
  });
});
