// Every ```ts block of the Markdown files the package ships compiles under --strict against the packed
// package, each as its own ES module (top-level await allowed), so the docs cannot drift from the types.
// Free names a snippet uses without defining (an SDK global it pretends exists) are declared in PRELUDE.
// A block that is deliberately partial is skipped when the line before its fence is `<!-- snippet: partial -->`.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packAndInstall, ROOT, tsc, writeFiles } from './tarball.js';
import type { Tarball } from './tarball.js';

const DOCS = ['README.md', 'adapters/README.md'];
const PARTIAL = '<!-- snippet: partial -->';

const PRELUDE = `
// The made-up host SDK of adapters/README.md's example adapter.
declare var MyHostSDK: { ready(): Promise<void>; call(options: { name: string; url?: string }): Promise<{ status: number; text: string }> };
`;

interface Snippet {
  doc: string;
  line: number;
  code: string;
}

/** The ```ts blocks of `doc`, with the line of their opening fence. */
function snippets(doc: string, markdown: string): Snippet[] {
  const found: Snippet[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i] ?? '')) continue;
    const end = lines.indexOf('```', i + 1);
    if (end === -1) throw new Error(`${doc}:${i + 1}: unclosed code block`);
    if (lines[i - 1]?.trim() !== PARTIAL) found.push({ doc, line: i + 1, code: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return found;
}

const all = DOCS.flatMap((doc) => snippets(doc, readFileSync(`${ROOT}${doc}`, 'utf8')));

let tarball: Tarball;
beforeAll(() => {
  tarball = packAndInstall();
});
afterAll(() => tarball?.cleanup());

describe('the TypeScript snippets of the shipped docs', () => {
  it('finds the snippets (README.md has several), and skips only a block marked partial', () => {
    expect(all.filter((snippet) => snippet.doc === 'README.md').length).toBeGreaterThanOrEqual(4);
    const markdown = ['```ts', 'whole();', '```', PARTIAL, '```ts', 'part(', '```', '```sh', 'npm test', '```'].join('\n');
    expect(snippets('x.md', markdown)).toEqual([{ doc: 'x.md', line: 1, code: 'whole();' }]);
  });

  it('compile under --strict against the packed package', () => {
    const dir = `${tarball.project}/snippets`;
    const files: Record<string, string> = {
      'package.json': JSON.stringify({ type: 'module' }),
      'tsconfig.json': JSON.stringify({
        compilerOptions: { module: 'node16', target: 'ES2022', lib: ['ES2022', 'DOM', 'DOM.Iterable'], strict: true, noEmit: true, types: [] },
        include: ['*.ts'],
      }),
      'prelude.d.ts': PRELUDE,
    };
    // One file per snippet, named after where it is, so that a diagnostic points at the doc's line.
    const names = all.map(({ doc, line }) => `${doc.replace(/\W+/g, '-')}-line-${line}.ts`);
    all.forEach(({ code }, i) => {
      files[names[i] ?? ''] = `${code}\nexport {};\n`;
    });
    writeFiles(dir, files);
    // `…/README-md-line-80.ts(8,3): error …` → `README.md:87:3: error …`
    const diagnostics = tsc(dir).replace(/^.*?([\w-]+-line-\d+\.ts)\((\d+),(\d+)\)/gm, (text, name: string, line: string, column: string) => {
      const snippet = all[names.indexOf(name)];
      return snippet ? `${snippet.doc}:${snippet.line + Number(line)}:${column}` : text;
    });
    expect(diagnostics).toBe('');
  });
});
