// Cuts measured, not guessed: a widget of scripts/size.mjs bundled from the TypeScript sources, then again
// with one construct cut out (text edits to a source file once TypeScript has stripped its types), minified and gzipped as
// `npm run size` does; the difference is what the cut would save. An edited bundle need not run, only its
// size counts. Every edit must still match its file, so that a variant outdated by a refactor says so
// instead of measuring nothing. `node test/bench/variants.mjs [filter]` (after `npm install`; no build).
import { readFile } from 'node:fs/promises';
import ts from 'typescript';
import { bundle, measure } from '../../scripts/size.mjs';
import { ROOT } from '../browser/harness.mjs';

const WIDGETS = {
  finance: `
    import { createBridge } from '${ROOT}src/index.ts';
    import { zohoFinance } from '${ROOT}adapters/zoho-finance.ts';
    createBridge({ adapter: zohoFinance() }).request({ connection: 'c' });`,
  nested: `
    import { parentBridge } from '${ROOT}src/iframe/index.ts';
    parentBridge({ allowedOrigins: ['https://host.example'] }).request({ connection: 'c' });`,
};

/** In place of a pattern: every string and template literal of 12 characters or more (nearly all messages) as ''. */
const MESSAGES = Symbol('messages');
const messages = (file) => [file, MESSAGES];
const stub = (name, body) => [new RegExp(`(export )?function ${name}\\b[\\s\\S]*?\\n\\}\\n`), `$1function ${name}(...args) {${body}}\n`];
/** `z.<from>(` read as `z.<to>(`, a construct the schemas use already: what zod ships for `from` alone. */
const zodAs = (from, to) => ['src/schemas.ts', new RegExp(`z\\.${from}\\(`, 'g'), `z.${to}(`];
const noConcurrency = stub('concurrency', 'const free = () => {}; return { take: () => free };');

/** [widget, what is cut, edits as [file, pattern, replacement]] */
const VARIANTS = [
  ['finance', 'all validation: schemas.ts and zod/mini (a stub that accepts anything)', [['src/schemas.ts', /^[\s\S]*$/, "export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];\nexport const isPlainObject = (v) => typeof v === 'object' && v !== null;\nexport const PARSE_CONTEXT = {};\nconst pass = { safeParse: (data) => ({ success: true, data }), def: { shape: {} } };\nexport const getSchemas = () => ({ request: pass, options: pass });\n"]]],
  ['finance', 'createBridge options validation (the options schema, and the connections entry schema)', [['src/schemas.ts', /const entry = z\.strictObject[\s\S]*?\n    \}\);\n    const options = z\.strictObject\(\{[\s\S]*?\n    \}\);/, 'const options = z.strictObject({ adapter: z.unknown() });']]],
  ['finance', 'zod: z.union (read as z.array)', [zodAs('union', 'array')]],
  ['finance', 'zod: z.record (read as z.array)', [zodAs('record', 'array')]],
  ['finance', 'zod: z.pipe (read as z.array)', [zodAs('pipe', 'array')]],
  ['finance', 'zod: z.custom (read as z.unknown)', [zodAs('custom', 'unknown')]],
  ['finance', 'zod: z.enum (read as z.array)', [zodAs('enum', 'array')]],
  ['finance', 'zod: z.strictObject (read as z.object)', [zodAs('strictObject', 'object')]],
  ['finance', 'zod: z.regex (read as z.refine)', [zodAs('regex', 'refine')]],
  ['finance', 'zod: z.boolean and z.undefined (read as z.string)', [zodAs('boolean', 'string'), zodAs('undefined', 'string')]],
  ['finance', 'zod: z.config, the jitless switch', [['src/schemas.ts', /const config = z\.config\(\);[\s\S]*?z\.config\(\{ jitless: before \}\);\n    \}/, 'schemas = build();']]],
  ['finance', 'schema messages: every literal of 12+ characters in schemas.ts', [messages('src/schemas.ts')]],
  ['finance', 'core messages: literals of 12+ characters in errors, resolve, bridge, deadline, response, json-body, path-params', ['src/errors.ts', 'src/resolve.ts', 'src/bridge.ts', 'src/deadline.ts', 'src/response.ts', 'src/json-body.ts', 'src/path-params.ts'].map(messages)],
  ['finance', 'adapter messages: literals of 12+ characters in zoho-finance and zoho-guard', ['adapters/zoho-finance.ts', 'adapters/zoho-guard.ts'].map(messages)],
  ['finance', 'debug: the logger and the emit calls (an undefined logger)', [['src/bridge.ts', ...stub('logger', 'return undefined;')]]],
  ['finance', 'concurrency: the slot queue (no limit ever)', [['src/bridge.ts', ...noConcurrency]]],
  ['finance', 'debug and concurrency, with their options schema rows', [['src/bridge.ts', ...stub('logger', 'return undefined;')], ['src/bridge.ts', ...noConcurrency], ['src/schemas.ts', /concurrency: z\.optional\([^\n]*\n\s*debug: [\s\S]*?\}\)\),?\n/, '']]],
  ['finance', 'did-you-mean hints (edit distance)', [['src/issues.ts', ...stub('nearest', 'return undefined;')]]],
  ['finance', 'BridgeError.toJSON and fromJSON (only the channel needs them)', [['src/errors.ts', /    \/\*\* A plain, JSON-[\s\S]*?\n    \}\n    \/\*\*\n     \* Rebuilds[\s\S]*?\n    \}\n/, '']]],
  ['finance', 'the Zoho message guard', [['adapters/zoho-guard.ts', ...stub('guardZohoMessages', 'return undefined;')]]],
  ['finance', 'hooks: joinHooks finds none, runHooks never runs', [['src/hooks.ts', ...stub('joinHooks', 'return undefined;')], ['src/hooks.ts', ...stub('runHooks', 'return args[3];')]]],
  ['finance', 'retry: no policy, no delay', [['src/retry.ts', ...stub('retryPolicy', 'return { methods: [] };')], ['src/retry.ts', ...stub('retryDelay', 'return undefined;')]]],
  ['finance', 'the JSON body walk and copy (copyJson passes the body through)', [['src/json-body.ts', ...stub('copyJson', 'return { value: args[0] };')]]],
  ['finance', 'response reading: Retry-After parsing', [['src/response.ts', ...stub('parseRetryAfter', 'return undefined;')]]],
  ['nested', 'penpal (left out of the bundle: its share)', [], (id) => id === 'penpal'],
  ['nested', 'messages: literals of 12+ characters in errors.ts and src/iframe', ['src/errors.ts', 'src/iframe/host-channel.ts', 'src/iframe/parent-bridge.ts', 'src/iframe/messenger.ts', 'src/iframe/written-wire.ts', 'src/iframe/origins.ts', 'src/iframe/penpal-link.ts', 'src/iframe/to-wire.ts', 'src/deadline.ts'].map(messages)],
  ['nested', 'hooks in parentBridge (joinHooks finds none, runHooks never runs)', [['src/hooks.ts', ...stub('joinHooks', 'return undefined;')], ['src/hooks.ts', ...stub('runHooks', 'return args[3];')]]],
  ['nested', 'the uncloneable-value search (written-wire firstUncloneable)', [['src/iframe/written-wire.ts', ...stub('firstUncloneable', 'return undefined;')]]],
  ['nested', 'allowedOrigins checks (checkAllowedOrigins passes anything)', [['src/iframe/origins.ts', ...stub('checkAllowedOrigins', 'return args[0];')]]],
  ['nested', 'BridgeError.toJSON (the widget side only reads errors)', [['src/errors.ts', /    \/\*\* A plain, JSON-[\s\S]*?\n    \}\n/, '']]],
  ['nested', 'the response schema check (Standard Schema) in parentBridge', [['src/iframe/parent-bridge.ts', /async function responseOf[\s\S]*?\n\}\n/, 'async function responseOf(wire, _schema, started) { return { ...wire, elapsed: Date.now() - started }; }\n']]],
];

/**
 * Loads sources as TypeScript (types stripped, file by file); then applies `edits` to the JavaScript, and
 * marks each edit that changed something (a MESSAGES edit counts once its file loads).
 */
function fromSources(edits, hits) {
  return {
    name: 'sources',
    resolveId(id, importer) {
      if (importer?.endsWith('.ts') && id.startsWith('.') && id.endsWith('.js')) return new URL(id.replace(/\.js$/, '.ts'), `file://${importer}`).pathname;
      return null;
    },
    async load(id) {
      if (!id.endsWith('.ts')) return null;
      const mine = edits.map((edit, i) => [edit, i]).filter(([[file]]) => id.endsWith(file));
      const blank = mine.some(([[, pattern]]) => pattern === MESSAGES);
      let code = ts.transpileModule(await readFile(id, 'utf8'), {
        compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true },
        transformers: blank ? { before: [blankMessages] } : undefined,
      }).outputText;
      for (const [[, pattern, replacement], i] of mine) {
        const edited = pattern === MESSAGES ? code : code.replace(pattern, replacement);
        if (edited !== code || pattern === MESSAGES) hits[i] = true;
        code = edited;
      }
      return code;
    },
  };
}

/** A TypeScript transform: long string and template literals become '' (module specifiers stay). */
function blankMessages(context) {
  const long = (node) => node.getText().length >= 14;
  const visit = (node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return node;
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) && long(node)) {
      return context.factory.createStringLiteral('');
    }
    return ts.visitEachChild(node, visit, context);
  };
  return (file) => ts.visitNode(file, visit);
}

async function size(widget, edits = [], external = () => false) {
  const hits = edits.map(() => false);
  const chunk = await bundle(WIDGETS[widget], { external, plugins: [fromSources(edits, hits)] });
  const missed = edits.filter((_, i) => !hits[i]).map(([file, pattern]) => `${file}: ${pattern}`);
  if (missed.length > 0) throw new Error(`outdated variant, these edits no longer match:\n  ${missed.join('\n  ')}`);
  return measure(chunk.code);
}

const filter = process.argv[2];
const base = {};
for (const widget of Object.keys(WIDGETS)) {
  base[widget] = await size(widget);
  console.log(`${widget}: ${base[widget].gzip} B gzipped, ${base[widget].min} B minified (from the sources)`);
}
for (const [widget, name, edits, external] of VARIANTS) {
  if (filter !== undefined && !name.includes(filter)) continue;
  try {
    const cut = await size(widget, edits, external);
    const saved = base[widget].gzip - cut.gzip;
    console.log(`${String(saved).padStart(6)} B gz ${String(base[widget].min - cut.min).padStart(7)} B min  ${widget}: ${name}`);
  } catch (error) {
    console.log(`     ?            ${widget}: ${name}: ${error.message}`);
  }
}
