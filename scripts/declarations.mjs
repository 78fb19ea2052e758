// The declarations, from one TypeScript program over the entry points, each written twice: `.d.ts`
// for `import` and `.d.cts` for `require`. Under "type": "module" a `.d.ts` describes an ES module, so a
// CommonJS consumer (module: node16) needs the `.d.cts` twin, whose relative imports name `.cjs` files.
// Then the globals of the two script-tag bundles, for TypeScript users of <script src="…umd.js">.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import ts from 'typescript';
import { devEntry, entries, umd } from '../rollup.config.mjs';

const root = new URL('..', import.meta.url);
const configPath = new URL('tsconfig.build.json', root).pathname;

const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
if (error) fail([error]);
const parsed = ts.parseJsonConfigFileContent(config, ts.sys, dirname(configPath));
if (parsed.errors.length > 0) fail(parsed.errors);

/** `./errors.js` → `./errors.cjs`, in `from '…'`, `import('…')` and `import '…'`; package names stay. */
const toCommonJs = (text) => text.replace(/((?:from|import)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]*)\.js\2/g, '$1$2$3.cjs$2');

const write = (file, text) => {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
};

// Only what the entry points reach (not the dev tool's Node code): tsconfig.build.json gives the options.
const rootNames = [...Object.values(entries), ...umd.map(({ input }) => input)].map((file) => new URL(file, root).pathname);
const program = ts.createProgram({ rootNames, options: parsed.options });
const emitTwins = (file, text) => {
  write(file, text);
  if (file.endsWith('.d.ts')) write(file.replace(/\.d\.ts$/, '.d.cts'), toCommonJs(text));
};
const result = program.emit(undefined, emitTwins);
// widget-bridge/dev is Node code: its own program, with Node's types (the core's above has none, so that it
// cannot come to need them).
const devProgram = ts.createProgram({ rootNames: [new URL(devEntry.input, root).pathname], options: { ...parsed.options, types: ['node'] } });
const devResult = devProgram.emit(undefined, emitTwins);
// A global augmentation (not `export as namespace`, which modules may not use) makes the bundle's exports,
// types included (`WidgetBridge.Bridge`), a global in scripts and modules alike, after
// `/// <reference types="widget-bridge/umd" />`. Twins again, so that a CommonJS file gets CommonJS types.
for (const { input, file, name } of umd) {
  const text = [
    `// The global \`${name}\` that dist/${file}.umd.js defines.`,
    `import * as Bundle from './types/${input.replace(/\.ts$/, '.js')}';`,
    'declare global {',
    `  export import ${name} = Bundle;`,
    '}',
    '',
  ].join('\n');
  write(new URL(`dist/${file}.umd.d.ts`, root).pathname, text);
  write(new URL(`dist/${file}.umd.d.cts`, root).pathname, toCommonJs(text));
}

// As tsc: everything is written, then any error fails the build.
const diagnostics = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics, ...ts.getPreEmitDiagnostics(devProgram), ...devResult.diagnostics];
if (diagnostics.length > 0 || result.emitSkipped || devResult.emitSkipped) fail(diagnostics);

function fail(diagnostics) {
  const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => '\n' };
  console.error(ts.formatDiagnosticsWithColorAndContext(diagnostics, host));
  process.exit(1);
}
