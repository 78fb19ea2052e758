// ESM + CJS per entry point (shared code in chunks, so every entry sees one BridgeError class),
// and two UMD bundles for script tags with penpal and zod inlined.
import typescript from '@rollup/plugin-typescript';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

export const entries = {
  index: 'src/index.ts',
  gainsight: 'adapters/gainsight.ts',
  'zoho-finance': 'adapters/zoho-finance.ts',
  'zoho-sigma': 'adapters/zoho-sigma.ts',
  iframe: 'src/iframe/index.ts',
  testing: 'src/testing/index.ts',
};

const ts = () => typescript({ tsconfig: './tsconfig.json', include: ['src/**/*.ts', 'adapters/**/*.ts'], compilerOptions: { types: [] } });
const external = (id) => id === 'penpal' || id === 'zod' || id.startsWith('zod/');
// zod's sources carry comments rollup cannot place and an internal import cycle: theirs, not ours to fix.
const fromPackage = (id) => id?.includes('/node_modules/');
const onwarn = (warning, warn) => {
  if (fromPackage(warning.id) || warning.ids?.some(fromPackage)) return;
  warn(warning);
};

const umd = (input, file, name) => ({
  input,
  onwarn,
  plugins: [resolve({ browser: true }), ts()],
  output: [
    { file: `dist/${file}.umd.js`, format: 'umd', name, sourcemap: true },
    { file: `dist/${file}.umd.min.js`, format: 'umd', name, sourcemap: true, plugins: [terser()] },
  ],
});

export default [
  {
    input: entries,
    external,
    onwarn,
    plugins: [ts()],
    output: [
      { dir: 'dist', format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', sourcemap: true },
      { dir: 'dist/cjs', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs', sourcemap: true },
    ],
  },
  umd('src/umd.ts', 'widget-bridge', 'WidgetBridge'),
  umd('src/testing/index.ts', 'widget-bridge-testing', 'WidgetBridgeTesting'),
  ...devBuilds(),
];

// `widget-bridge dev` (src/dev/): the offline stand-ins for the Zoho vendor scripts as classic scripts,
// named as the vendors name theirs.
function devBuilds() {
  const classic = (name, file) => ({ input: `src/dev/standins/${name}.script.ts`, onwarn, plugins: [ts()], output: { file: `dist/standins/${file}`, format: 'iife' } });
  return [classic('zf-sdk', 'zf_sdk.js'), classic('sigma-sdk', 'sigma-sdk.min.js')];
}
