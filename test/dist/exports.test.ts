// The built package as users load it: each entry point through package.json's exports map (the package
// imports itself by name), as ESM and as CommonJS, with its declaration files; and the exports map itself,
// against rollup's entries, so that an entry point is added in one place and the map cannot forget it.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';

type Conditions = { types: string; default: string };
type Entry = { import: Conditions; require: Conditions };
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  exports: Record<string, string | Entry | { import: { types: string }; require: { types: string } }>;
};
const require = createRequire(import.meta.url);
// A specifier in a variable: the typecheck runs before the build, when dist/ may not exist yet.
const load = (name: string): Promise<Record<string, unknown>> => import(name);
const exists = (path: string) => existsSync(new URL(`../../${path}`, import.meta.url));

// The public contract's floor per entry point; an entry point not listed here only has to export the same
// names as ESM and CJS.
const EXPECTED: Record<string, string[]> = {
  'widget-bridge': ['BridgeError', 'ErrorCode', 'createBridge', 'fillPathParams', 'isBridgeError', 'isValidPathParam', 'pathParamSlots'],
  'widget-bridge/gainsight': ['gainsight'],
  'widget-bridge/zoho-finance': ['zohoFinance'],
  'widget-bridge/zoho-sigma': ['zohoSigma'],
  'widget-bridge/zoho-crm': ['zohoCrm'],
  'widget-bridge/iframe': ['exposeBridge', 'parentBridge', 'parentFrame'],
  'widget-bridge/testing': ['delay', 'replay', 'simulateGainsight', 'simulateZohoCrm', 'simulateZohoFinance', 'simulateZohoSigma'],
  'widget-bridge/dev': ['defineConnections', 'startDev'],
};

type DevEntry = { name: string; input: string; import: string; require: string };
let entries: Record<string, string> = {};
let umd: { input: string; file: string; name: string }[] = [];
let devEntry: DevEntry;
beforeAll(async () => {
  ({ entries, umd, devEntry } = (await load(new URL('../../rollup.config.mjs', import.meta.url).href)) as unknown as { entries: typeof entries; umd: typeof umd; devEntry: DevEntry });
});

/** The specifier of every entry point: rollup's entries and the dev tool's. */
const allEntries = () => [...Object.keys(entries).map((entry) => specifier(subpath(entry))), specifier(`./${devEntry.name}`)];

const subpath = (entry: string) => (entry === 'index' ? '.' : `./${entry}`);
const specifier = (key: string) => (key === '.' ? 'widget-bridge' : `widget-bridge/${key.slice(2)}`);

/** The exports block an entry point of rollup.config.mjs must have: types first in each condition. */
const expectedBlock = (entry: string, source: string): Entry => {
  const types = `./dist/types/${source.replace(/\.ts$/, '')}`;
  return {
    import: { types: `${types}.d.ts`, default: `./dist/${entry}.js` },
    require: { types: `${types}.d.cts`, default: `./dist/cjs/${entry}.cjs` },
  };
};

/** The types-only subpath of a script-tag bundle: `widget-bridge` → ./umd, `widget-bridge-testing` → ./testing/umd. */
const umdSubpath = (file: string) => `./${file.replace(/^widget-bridge-?/, '').replace(/(.+)/, '$1/')}umd`;

describe('the exports map matches rollup.config.mjs', () => {
  it('has, for every entry of rollup\'s entries, the block its build writes', () => {
    for (const [entry, source] of Object.entries(entries)) {
      const block = expectedBlock(entry, source);
      expect(pkg.exports[subpath(entry)], `package.json exports["${subpath(entry)}"] should be ${JSON.stringify(block, null, 2)}`).toEqual(block);
      expect(Object.keys(block.import)[0]).toBe('types');
    }
  });

  it('has the block devBuilds() writes for widget-bridge/dev', () => {
    const types = `./dist/types/${devEntry.input.replace(/\.ts$/, '')}`;
    expect(pkg.exports[`./${devEntry.name}`]).toEqual({
      import: { types: `${types}.d.ts`, default: `./${devEntry.import}` },
      require: { types: `${types}.d.cts`, default: `./${devEntry.require}` },
    });
  });

  it('has, for every script-tag bundle, a types-only entry for its global, and nothing rollup does not build', () => {
    const known = new Set([...Object.keys(entries).map(subpath), `./${devEntry.name}`, './package.json']);
    for (const { file } of umd) {
      const types = `./dist/${file}.umd.d`;
      expect(pkg.exports[umdSubpath(file)]).toEqual({ import: { types: `${types}.ts` }, require: { types: `${types}.cts` } });
      known.add(umdSubpath(file));
    }
    expect(Object.keys(pkg.exports).filter((key) => !known.has(key)), 'exports entries that rollup.config.mjs does not build').toEqual([]);
  });

  it('points only at files the build wrote', () => {
    const targets = Object.values(pkg.exports).flatMap((value) =>
      typeof value === 'string' ? [value] : Object.values(value).flatMap((conditions: Record<string, string>) => Object.values(conditions)),
    );
    expect(targets.filter((target) => !exists(target))).toEqual([]);
  });
});

describe('the exports map', () => {
  it('loads every entry point as ESM and CJS with the same exports', async () => {
    for (const name of allEntries()) {
      const esm = await load(name);
      const cjs = require(name) as Record<string, unknown>;
      expect(Object.keys(cjs).sort(), `${name}: CJS and ESM export different names`).toEqual(Object.keys(esm).sort());
      expect(Object.keys(esm).length, `${name} exports nothing`).toBeGreaterThan(0);
      for (const key of EXPECTED[name] ?? []) {
        expect(esm[key], `${name} ESM ${key}`).toBeDefined();
        expect(cjs[key], `${name} CJS ${key}`).toBeDefined();
      }
    }
  });

  it('shares one BridgeError class between entry points, so instanceof holds across them', async () => {
    const core = (await load('widget-bridge')) as typeof import('../../src/index.js');
    const { zohoFinance } = (await load('widget-bridge/zoho-finance')) as typeof import('../../adapters/zoho-finance.js');
    const bridge = core.createBridge({ adapter: zohoFinance({ zfapps: { extension: { init: async () => ({}) }, request: async () => ({}) } as never }) });
    const error = await bridge.request({ connection: 'c', url: 'https://x.test/' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(core.BridgeError);
  });

  it('defines, in each UMD bundle\'s global, every export of the entry points it stands for', async () => {
    // The UMD wrapper's CommonJS branch hands out the same object its global branch assigns to `name`.
    const bundled = (file: string) => {
      const module = { exports: {} as Record<string, unknown> };
      new Function('exports', 'module', readFileSync(new URL(`../../dist/${file}.umd.js`, import.meta.url), 'utf8'))(module.exports, module);
      return Object.keys(module.exports);
    };
    const exported = async (keep: (entry: string) => boolean) =>
      (await Promise.all(Object.keys(entries).filter(keep).map(async (entry) => Object.keys(await load(specifier(subpath(entry))))))).flat();
    for (const { file, name } of umd) {
      const testing = file.endsWith('-testing');
      const keys = bundled(file);
      const missing = (await exported((entry) => (entry === 'testing') === testing)).filter((key) => !keys.includes(key));
      expect(missing, `${name} lacks these exports of its entry points (src/umd.ts)`).toEqual([]);
    }
  });

  it('ships the UMD bundles with their globals, outside the exports map (script tags load them by URL)', () => {
    for (const { file, name } of umd) {
      expect(readFileSync(new URL(`../../dist/${file}.umd.js`, import.meta.url), 'utf8')).toContain(name);
      expect(readFileSync(new URL(`../../dist/${file}.umd.d.ts`, import.meta.url), 'utf8')).toContain(`export import ${name} = `);
    }
  });
});
