// What each entry point costs a browser: bundled from dist/ with its dependencies, minified by terser,
// gzipped at level 9. Run `npm run size` after `npm run build`; test/size/ checks the budgets in CI.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import resolve from '@rollup/plugin-node-resolve';
import { minify } from 'terser';

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
  'widget: direct (createBridge + 3 adapters)': `
    import { createBridge } from '${dist('index.js')}';
    import { gainsight } from '${dist('gainsight.js')}';
    import { zohoFinance } from '${dist('zoho-finance.js')}';
    import { zohoSigma } from '${dist('zoho-sigma.js')}';
    createBridge({ adapter: [gainsight(), zohoFinance(), zohoSigma({ service: 'WRITER' })] }).request({ connection: 'c' });`,
};

const ENTRIES = ['index', 'gainsight', 'zoho-finance', 'zoho-sigma', 'zoho-crm', 'iframe', 'testing'];

/**
 * Bundles `code` (a module) tree-shaken, as a widget's build would, into one chunk; `external` leaves
 * packages or the core out of the count; `plugins` (e.g. TypeScript) go after node-resolve.
 */
export async function bundle(code, { external = () => false, plugins = [] } = {}) {
  const build = await rollup({
    input: 'entry',
    external,
    onwarn: () => {},
    plugins: [
      { name: 'entry', resolveId: (id) => (id === 'entry' ? id : null), load: (id) => (id === 'entry' ? code : null) },
      resolve({ browser: true }),
      ...plugins,
    ],
  });
  const { output } = await build.generate({ format: 'es' });
  await build.close();
  return output[0];
}

async function measure(code) {
  const min = (await minify(code, { module: true, compress: { passes: 2 } })).code ?? '';
  return { min: Buffer.byteLength(min), gzip: gzipSync(min, { level: 9 }).length };
}

const reexport = (name) => `export * from '${dist(`${name}.js`)}';`;
const isPackage = (id) => !id.startsWith('/') && !id.startsWith('.') && id !== 'entry';
const isCoreChunk = (id) => id.includes('/dist/chunks/') || id.endsWith('/dist/index.js');

/** Every figure the README and the budgets speak of, in bytes. */
export async function measureAll() {
  const rows = [];
  const add = async (name, code, external) => rows.push({ name, ...(await measure((await bundle(code, { external })).code)) });
  for (const entry of ENTRIES) await add(`widget-bridge${entry === 'index' ? '' : `/${entry}`}`, reexport(entry));
  await add('widget-bridge without zod and penpal', reexport('index'), isPackage);
  for (const adapter of ['gainsight', 'zoho-finance', 'zoho-sigma', 'zoho-crm']) {
    // The adapter's own code: the core it shares with every other entry is counted once, in the core.
    await add(`widget-bridge/${adapter}, own code`, reexport(adapter), (id, importer) => importer !== undefined && importer !== 'entry' && (isCoreChunk(id) || isPackage(id)));
  }
  for (const [name, code] of Object.entries(WIDGETS)) await add(name, code);
  for (const file of ['widget-bridge.umd.min.js', 'widget-bridge-testing.umd.min.js']) {
    const min = await readFile(dist(file));
    rows.push({ name: `dist/${file}`, min: min.length, gzip: gzipSync(min, { level: 9 }).length });
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
  const rows = await measureAll();
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`${'bundle'.padEnd(width)}  ${'minified'.padStart(10)}  ${'gzipped'.padStart(9)}`);
  for (const row of rows) console.log(`${row.name.padEnd(width)}  ${kb(row.min).padStart(10)}  ${kb(row.gzip).padStart(9)}`);
}
