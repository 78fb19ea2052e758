// ESM + CJS per entry point (shared code in chunks, so every entry sees one BridgeError class),
// and two UMD bundles for script tags with penpal and zod inlined. An entry point is one line in
// `entries`; test/dist/ then asks for its block in package.json's exports map. Declarations:
// scripts/declarations.mjs.
import { chmodSync } from 'node:fs';
import typescript from '@rollup/plugin-typescript';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

export const entries = {
  index: 'src/index.ts',
  gainsight: 'adapters/gainsight.ts',
  'zoho-finance': 'adapters/zoho-finance.ts',
  'zoho-sigma': 'adapters/zoho-sigma.ts',
  'zoho-crm': 'adapters/zoho-crm.ts',
  iframe: 'src/iframe/index.ts',
  testing: 'src/testing/index.ts',
};

/** `widget-bridge/dev`: Node code (src/dev/server), built with Node's types by devBuilds() into dist/dev/. */
export const devEntry = { name: 'dev', input: 'src/dev/server/index.ts', import: 'dist/dev/index.js', require: 'dist/dev/index.cjs' };

// src/dev/server is Node code, built with Node's types by devBuilds().
const ts = () => typescript({ tsconfig: './tsconfig.json', include: ['src/**/*.ts', 'adapters/**/*.ts'], exclude: ['src/dev/server/**'], compilerOptions: { types: [] } });
const external = (id) => id === 'penpal' || id === 'zod' || id.startsWith('zod/');
// zod's sources carry comments rollup cannot place and an internal import cycle: theirs, not ours to fix.
const fromPackage = (id) => id?.includes('/node_modules/');
const onwarn = (warning, warn) => {
  if (fromPackage(warning.id) || warning.ids?.some(fromPackage)) return;
  warn(warning);
};

/** The script-tag bundles: `dist/<file>.umd.js` (and `.umd.min.js`) define the global `name`. */
export const umd = [
  { input: 'src/umd.ts', file: 'widget-bridge', name: 'WidgetBridge' },
  { input: 'src/testing/index.ts', file: 'widget-bridge-testing', name: 'WidgetBridgeTesting' },
];

// Maps are written for the bench's profiles (test/bench/profile.mjs) but not linked from the code and not
// packed: see "Source maps" in the README.
const sourcemap = 'hidden';

const umdBuild = ({ input, file, name }) => ({
  input,
  onwarn,
  plugins: [resolve({ browser: true }), ts()],
  output: [
    { file: `dist/${file}.umd.js`, format: 'umd', name, sourcemap },
    { file: `dist/${file}.umd.min.js`, format: 'umd', name, sourcemap, plugins: [terser()] },
  ],
});

export default [
  {
    input: entries,
    external,
    onwarn,
    plugins: [ts()],
    output: [
      { dir: 'dist', format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', sourcemap },
      { dir: 'dist/cjs', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs', sourcemap },
    ],
  },
  ...umd.map(umdBuild),
  ...devBuilds(),
];

// `widget-bridge dev` (src/dev/): the offline stand-ins for the Zoho vendor scripts as classic scripts,
// named as the vendors name theirs.
function devBuilds() {
  const classic = (name, file) => ({ input: `src/testing/standins/${name}.script.ts`, onwarn, plugins: [ts()], output: { file: `dist/standins/${file}`, format: 'iife' } });
  // The host pages' scripts, and the bin with its Node API (shebang on the bin only).
  const hostPages = { input: { zoho: 'src/dev/host/zoho.ts', 'zoho-crm': 'src/dev/host/zoho-crm.ts', gainsight: 'src/dev/host/gainsight.ts' }, onwarn, plugins: [resolve({ browser: true }), ts()], output: { dir: 'dist/dev/host', format: 'es', chunkFileNames: '[name]-[hash].js' } };
  const nodeTs = typescript({ tsconfig: './tsconfig.json', include: ['src/**/*.ts', 'adapters/**/*.ts'], compilerOptions: { types: ['node'] } });
  const bin = {
    input: { cli: 'src/dev/server/cli.ts', index: 'src/dev/server/index.ts' },
    external: (id) => id.startsWith('node:') || external(id),
    onwarn,
    // npm marks a bin executable when it installs a package; a built checkout needs it too.
    plugins: [nodeTs, { name: 'executable-bin', writeBundle: () => chmodSync('dist/dev/cli.js', 0o755) }],
    output: { dir: 'dist/dev', format: 'es', chunkFileNames: 'chunks/[name]-[hash].js', banner: (chunk) => (chunk.name === 'cli' ? '#!/usr/bin/env node' : '') },
  };
  // `require('widget-bridge/dev')`: the Node API as CommonJS too (the bin stays ESM: top-level await).
  const nodeCjs = typescript({ tsconfig: './tsconfig.json', include: ['src/**/*.ts', 'adapters/**/*.ts'], compilerOptions: { types: ['node'] } });
  const cjs = { input: { index: devEntry.input }, external: bin.external, onwarn, plugins: [nodeCjs], output: { dir: 'dist/dev', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs' } };
  return [classic('zf-sdk', 'zf_sdk.js'), classic('sigma-sdk', 'sigma-sdk.min.js'), classic('zoho-crm-sdk', 'ZohoEmbededAppSDK.min.js'), hostPages, bin, cjs];
}
