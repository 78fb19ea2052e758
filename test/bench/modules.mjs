// Where a widget's bytes go: the two widgets of scripts/size.mjs bundled from the TypeScript sources, each
// module's rendered code minified (top-level names kept) and gzipped on its own: an approximation, since
// gzip across modules shares context, so the parts add up to more than the whole. `node test/bench/modules.mjs`.
import { gzipSync } from 'node:zlib';
import typescript from '@rollup/plugin-typescript';
import { minify } from 'terser';
import { bundle as bundleWidget } from '../../scripts/size.mjs';
import { ROOT } from '../browser/harness.mjs';

const WIDGETS = {
  'nested only (parentBridge)': `
    import { parentBridge } from '${ROOT}src/iframe/index.ts';
    parentBridge({ allowedOrigins: ['https://host.example'] }).request({ connection: 'c' });`,
  'nested (createBridge + parentFrame)': `
    import { createBridge } from '${ROOT}src/index.ts';
    import { parentFrame } from '${ROOT}src/iframe/index.ts';
    createBridge({ adapter: parentFrame({ allowedOrigins: ['https://host.example'] }) }).request({ connection: 'c' });`,
  'direct (createBridge + 3 adapters)': `
    import { createBridge } from '${ROOT}src/index.ts';
    import { gainsight } from '${ROOT}adapters/gainsight.ts';
    import { zohoFinance } from '${ROOT}adapters/zoho-finance.ts';
    import { zohoSigma } from '${ROOT}adapters/zoho-sigma.ts';
    createBridge({ adapter: [gainsight(), zohoFinance(), zohoSigma({ service: 'WRITER' })] }).request({ connection: 'c' });`,
};

/** A module's group: a package, or the source file. */
const group = (id) => id.match(/node_modules\/([^/]+)/)?.[1] ?? id.replace(ROOT, '');

/** As a script, not a module: a module's top-level functions stay, though nothing in the piece calls them. */
async function minGz(code, asModule = false) {
  const min = (await minify(code, { module: asModule, compress: { passes: 2 } })).code ?? '';
  return { min: min.length, gzip: gzipSync(min, { level: 9 }).length };
}

const fromSources = typescript({
  tsconfig: `${ROOT}tsconfig.json`,
  include: [`${ROOT}src/**/*.ts`, `${ROOT}adapters/**/*.ts`],
  compilerOptions: { types: [] },
});
const bundle = (code, external) => bundleWidget(code, { external, plugins: [fromSources] });

for (const [name, code] of Object.entries(WIDGETS)) {
  const output = [await bundle(code)];
  const groups = {};
  for (const [id, module] of Object.entries(output[0].modules)) (groups[group(id)] ??= []).push(module.code ?? '');
  const rows = await Promise.all(Object.entries(groups).map(async ([key, codes]) => ({ key, ...(await minGz(codes.join('\n'))) })));
  const whole = await minGz(output[0].code, true);
  console.log(`\nwidget: ${name}: whole ${whole.min} B min, ${whole.gzip} B gz`);
  for (const row of rows.sort((a, b) => b.gzip - a.gzip)) {
    console.log(`  ${row.key.padEnd(32)} ${String(row.min).padStart(7)} B min ${String(row.gzip).padStart(6)} B gz`);
  }
  // The exact share of each package: the whole bundled without it.
  for (const pkg of ['zod', 'penpal'].filter((key) => groups[key])) {
    const without = await minGz((await bundle(code, (id) => id === pkg || id.startsWith(`${pkg}/`))).code, true);
    console.log(`  whole without ${pkg}: ${without.min} B min, ${without.gzip} B gz (${pkg} costs ${whole.gzip - without.gzip} B gz)`);
  }
}
