// What each entry point costs a browser: bundled from dist/ with its dependencies, minified by terser,
// gzipped at level 9. Run `npm run size` after `npm run build` (`-- --files` splits zod and penpal by file);
// test/size/ checks the budgets in CI.
import { readFile } from 'node:fs/promises';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import resolve from '@rollup/plugin-node-resolve';
import { minify } from 'terser';
import { GZIP_FRAME_BYTES, gzipCost } from './gzip-cost.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = (file) => `${root}dist/${file}`;

/** Tiny widgets as users would write them, to measure what they ship. */
export const WIDGETS = {
  'widget: nested only (parentBridge)': `
    import { parentBridge } from '${dist('iframe.js')}';
    parentBridge({ allowedOrigins: ['https://host.example'] }).request({ connection: 'c' });`,
  'widget: nested (createBridge + parentFrame)': `
    import { createBridge } from '${dist('index.js')}';
    import { parentFrame } from '${dist('iframe.js')}';
    createBridge({ adapter: parentFrame({ allowedOrigins: ['https://host.example'] }) }).request({ connection: 'c' });`,
  'widget: direct (createBridge + Zoho Finance)': `
    import { createBridge } from '${dist('index.js')}';
    import { zohoFinance } from '${dist('zoho-finance.js')}';
    createBridge({ adapter: zohoFinance() }).request({ connection: 'c' });`,
  'widget: direct (createBridge + 3 adapters)': `
    import { createBridge } from '${dist('index.js')}';
    import { gainsight } from '${dist('gainsight.js')}';
    import { zohoFinance } from '${dist('zoho-finance.js')}';
    import { zohoSigma } from '${dist('zoho-sigma.js')}';
    createBridge({ adapter: [gainsight(), zohoFinance(), zohoSigma({ service: 'WRITER' })] }).request({ connection: 'c' });`,
};

/** The widgets of issue 25, each measured module by module and budgeted with a target (test/size/). */
export const MODULE_WIDGETS = ['widget: direct (createBridge + Zoho Finance)', 'widget: direct (createBridge + 3 adapters)', 'widget: nested only (parentBridge)'];

const ENTRIES = ['index', 'gainsight', 'zoho-finance', 'zoho-sigma', 'zoho-crm', 'iframe', 'testing'];

// dist/ keeps its source maps beside the code: handed to rollup, they let the bundle's map reach src/.
const distMaps = {
  name: 'dist-maps',
  async load(id) {
    if (!id.startsWith(dist(''))) return null;
    return { code: await readFile(id, 'utf8'), map: await readFile(`${id}.map`, 'utf8').catch(() => null) };
  },
};

/**
 * Bundles `code` (a module) tree-shaken, as a widget's build would, into one chunk; `external` leaves
 * packages or the core out of the count; `plugins` (e.g. TypeScript) go after node-resolve; `sourcemap`
 * adds the chunk's map, back to the sources of dist/.
 */
export async function bundle(code, { external = () => false, plugins = [], sourcemap = false } = {}) {
  const build = await rollup({
    input: 'entry',
    external,
    onwarn: () => {},
    plugins: [
      { name: 'entry', resolveId: (id) => (id === 'entry' ? id : null), load: (id) => (id === 'entry' ? code : null) },
      ...(sourcemap ? [distMaps] : []),
      resolve({ browser: true }),
      ...plugins,
    ],
  });
  const { output } = await build.generate({ format: 'es', sourcemap });
  await build.close();
  return output[0];
}

const minifyOptions = { module: true, compress: { passes: 2 } };

/** `code` minified by terser and gzipped at level 9, as every figure here is. */
export async function measure(code) {
  const min = (await minify(code, minifyOptions)).code ?? '';
  return { min: Buffer.byteLength(min), gzip: gzipSync(min, { level: 9 }).length };
}

/**
 * A widget's gzipped bytes split by source module (`src/…`, `adapters/…`, a package, or the widget itself). Every byte of the minified bundle belongs to the module its source map names: the
 * map rollup writes for the bundle (its own module data, followed through dist/'s maps to the sources),
 * carried through terser. Each byte costs what gzip -9 spent on it (scripts/gzip-cost.mjs), so a module is
 * charged for what it adds to the compressed stream where it sits, and the parts add up to the whole: the
 * rows are rounded by largest remainder, so they sum to the total exactly, gzip's header and trailer
 * being a row of their own. (A "gzip without this module" difference would not add up: gzip shares
 * context between modules. Such differences are what test/bench/variants.mjs measures, for cuts.)
 * `files` keeps each package file apart instead of grouping a package as one row.
 */
export async function measureModules(code, { files = false } = {}) {
  const chunk = await bundle(code, { sourcemap: true });
  const minified = await minify(chunk.code, { ...minifyOptions, sourceMap: { content: chunk.map.toString(), asObject: true } });
  const min = minified.code ?? '';
  const { gzip, bits } = gzipCost(min);
  const map = new SourceMap(minified.map);
  const charged = new Map();
  const bytes = new Map();
  let line = 0;
  let column = 0;
  let offset = 0;
  // Source maps count columns in UTF-16 units, gzip counts bytes.
  for (const char of min) {
    const size = Buffer.byteLength(char);
    const name = char === '\n' ? '(line breaks)' : groupOf(map.findEntry(line, column).originalSource, files);
    for (let i = 0; i < size; i++) charged.set(name, (charged.get(name) ?? 0) + bits[offset + i] / 8);
    bytes.set(name, (bytes.get(name) ?? 0) + size);
    offset += size;
    if (char === '\n') [line, column] = [line + 1, 0];
    else column += char.length;
  }
  const rounded = largestRemainder([...charged.values()], gzip - GZIP_FRAME_BYTES);
  const modules = [...charged.keys()].map((name, i) => ({ name, min: bytes.get(name), gzip: rounded[i] }));
  modules.sort((a, b) => b.gzip - a.gzip);
  modules.push({ name: '(gzip header and trailer)', min: 0, gzip: GZIP_FRAME_BYTES });
  return { min: Buffer.byteLength(min), gzip, modules };
}

/** `node_modules/zod/v4/core/schemas.js` as `zod` (or whole, with `files`), `src/bridge.ts` as is. */
function groupOf(source, files) {
  if (source === undefined) return '(unmapped)';
  if (source === 'entry') return '(the widget itself)';
  const pkg = source.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/);
  if (pkg) return files ? `${pkg[1]}/${pkg[2]}` : pkg[1];
  return source.replace(/^(\.\.\/)+/, '');
}

/** Whole numbers with the same sum as `values` (rounded to `total`), each off by less than 1. */
function largestRemainder(values, total) {
  const floors = values.map(Math.floor);
  let left = total - floors.reduce((a, b) => a + b, 0);
  const order = values.map((value, i) => [value - floors[i], i]).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left <= 0) break;
    floors[i]++;
    left--;
  }
  return floors;
}

const reexport = (name) => `export * from '${dist(`${name}.js`)}';`;
const isPackage = (id) => !id.startsWith('/') && !id.startsWith('.') && id !== 'entry';
const isCoreChunk = (id) => id.includes('/dist/chunks/') || id.endsWith('/dist/index.js');

/** Every figure the README and the budgets speak of, in bytes; the widgets of MODULE_WIDGETS with `modules`. */
export async function measureAll({ files = false } = {}) {
  const rows = [];
  const add = async (name, code, external) => rows.push({ name, ...(await measure((await bundle(code, { external })).code)) });
  for (const entry of ENTRIES) await add(`widget-bridge${entry === 'index' ? '' : `/${entry}`}`, reexport(entry));
  await add('widget-bridge without zod and penpal', reexport('index'), isPackage);
  for (const adapter of ['gainsight', 'zoho-finance', 'zoho-sigma', 'zoho-crm']) {
    // The adapter's own code: the core it shares with every other entry is counted once, in the core.
    await add(`widget-bridge/${adapter}, own code`, reexport(adapter), (id, importer) => importer !== undefined && importer !== 'entry' && (isCoreChunk(id) || isPackage(id)));
  }
  for (const [name, code] of Object.entries(WIDGETS)) {
    if (MODULE_WIDGETS.includes(name)) rows.push({ name, ...(await measureModules(code, { files })) });
    else await add(name, code);
  }
  for (const file of ['widget-bridge.umd.min.js', 'widget-bridge-testing.umd.min.js']) {
    const min = await readFile(dist(file));
    rows.push({ name: `dist/${file}`, min: min.length, gzip: gzipSync(min, { level: 9 }).length });
  }
  return rows;
}

/** The printed report: every bundle, then each widget's modules. */
export function report(rows) {
  const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
  const lines = [];
  const width = Math.max(...rows.map((r) => r.name.length));
  lines.push(`${'bundle'.padEnd(width)}  ${'minified'.padStart(10)}  ${'gzipped'.padStart(9)}`);
  for (const row of rows) lines.push(`${row.name.padEnd(width)}  ${kb(row.min).padStart(10)}  ${kb(row.gzip).padStart(9)}`);
  for (const row of rows.filter((r) => r.modules)) {
    lines.push('', `${row.name}: ${row.gzip} B gzipped (${row.min} B minified), by module`);
    const nameWidth = Math.max(...row.modules.map((m) => m.name.length));
    for (const m of row.modules) {
      const share = `${((m.gzip / row.gzip) * 100).toFixed(1)} %`;
      lines.push(`  ${m.name.padEnd(nameWidth)}  ${`${m.gzip} B`.padStart(7)}  ${share.padStart(6)}  ${`${m.min} B min`.padStart(11)}`);
    }
  }
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(report(await measureAll({ files: process.argv.includes('--files') })));
}
