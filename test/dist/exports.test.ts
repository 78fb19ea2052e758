// The built package as users load it: each entry point through package.json's exports map (the package
// imports itself by name), as ESM and as CommonJS, with its declaration file.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  exports: Record<string, string | { types: string; import: string; require: string }>;
};
const require = createRequire(import.meta.url);
// A specifier in a variable: the typecheck runs before the build, when dist/ may not exist yet.
const load = (name: string): Promise<Record<string, unknown>> => import(name);

const EXPECTED: Record<string, string[]> = {
  'widget-bridge': ['BridgeError', 'ErrorCode', 'createBridge', 'fillPathParams', 'isBridgeError', 'isValidPathParam', 'pathParamSlots'],
  'widget-bridge/gainsight': ['gainsight'],
  'widget-bridge/zoho-finance': ['zohoFinance'],
  'widget-bridge/zoho-sigma': ['zohoSigma'],
  'widget-bridge/iframe': ['exposeBridge', 'parentFrame'],
  'widget-bridge/testing': ['delay', 'simulateGainsight', 'simulateZohoFinance', 'simulateZohoSigma'],
};

describe('the exports map', () => {
  it.each(Object.entries(EXPECTED))('%s loads as ESM and CJS with the same exports, types listed first', async (name, names) => {
    const esm = await load(name);
    const cjs = require(name) as Record<string, unknown>;
    for (const key of names) {
      expect(esm[key], `${name} ESM ${key}`).toBeDefined();
      expect(cjs[key], `${name} CJS ${key}`).toBeDefined();
    }
    const entry = pkg.exports[name === 'widget-bridge' ? '.' : `./${name.slice('widget-bridge/'.length)}`];
    expect(typeof entry).toBe('object');
    const conditions = entry as { types: string; import: string; require: string };
    expect(Object.keys(conditions)[0]).toBe('types');
    expect(existsSync(new URL(`../../${conditions.types}`, import.meta.url))).toBe(true);
  });

  it('shares one BridgeError class between entry points, so instanceof holds across them', async () => {
    const core = (await load('widget-bridge')) as typeof import('../../src/index.js');
    const { zohoFinance } = (await load('widget-bridge/zoho-finance')) as typeof import('../../adapters/zoho-finance.js');
    const bridge = core.createBridge({ adapter: zohoFinance({ zfapps: { extension: { init: async () => ({}) }, request: async () => ({}) } as never }) });
    const error = await bridge.request({ connection: 'c', url: 'https://x.test/' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(core.BridgeError);
  });

  it('ships the UMD bundles with their globals', () => {
    const umd = readFileSync(new URL('../../dist/widget-bridge.umd.js', import.meta.url), 'utf8');
    expect(umd).toContain('WidgetBridge');
    const testing = readFileSync(new URL('../../dist/widget-bridge-testing.umd.js', import.meta.url), 'utf8');
    expect(testing).toContain('WidgetBridgeTesting');
  });
});
