// TypeScript projects as users start them, installed from the packed tarball: a CommonJS one (`npm init`'s
// default) and an ES module one, both `module: node16`, each type-checking one widget that imports every
// entry point and uses `connections`, `schema` and `isBridgeError`, a module importing every entry of
// rollup's `entries` (so a new one is covered without an edit here), and a script that uses the UMD globals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packAndInstall, tsc, writeFiles } from './tarball.js';
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

const tsconfig = (module: string) =>
  JSON.stringify({
    compilerOptions: { module, strict: true, noEmit: true, skipLibCheck: false, lib: ['ES2022', 'DOM'], types: [], target: 'ES2022' },
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
  ])('%s, module node16: the widget, every entry point and the UMD globals type-check', (_, type) => {
    const dir = `${tarball.project}/${type}`;
    writeFiles(dir, { 'package.json': JSON.stringify({ type }), 'tsconfig.json': tsconfig('node16'), 'widget.ts': WIDGET, 'entries.ts': ENTRIES, 'globals.ts': GLOBALS });
    expect(tsc(dir)).toBe('');
  });

  it('fails to compile a widget that misuses the types (so the checks above can fail)', () => {
    const dir = `${tarball.project}/misuse`;
    const misuse = `import { createBridge } from 'widget-bridge';\ncreateBridge({ adapter: [] }).request({ connection: 42 });\n`;
    writeFiles(dir, { 'package.json': JSON.stringify({ type: 'commonjs' }), 'tsconfig.json': tsconfig('node16'), 'widget.ts': misuse });
    expect(tsc(dir)).toMatch(/widget\.ts\(2,\d+\): error TS2322/);
  });
});
