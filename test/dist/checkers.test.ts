// The ecosystem's own checkers of a published package, on the packed tarball: arethetypeswrong (does each
// entry point's declaration match the module each resolver loads: ESM for import, CJS for require?) and
// publint --strict (file formats per extension, condition order, files that exist). Then what the tarball
// holds: the licence, links that resolve inside it, no source maps, no mention of this repository's notes.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, packAndInstall, readJson, ROOT } from './tarball.js';
import type { Tarball } from './tarball.js';

let tarball: Tarball;
beforeAll(() => {
  tarball = packAndInstall([]);
});
afterAll(() => tarball?.cleanup());

/** The tool's exit status and everything it printed. */
function run(script: string, args: string[]): { status: number; output: string } {
  try {
    const output = execFileSync(process.execPath, [bin(script), ...args], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, NO_COLOR: '1' } });
    return { status: 0, output };
  } catch (error) {
    const { status, stdout, stderr } = error as { status?: number; stdout?: string; stderr?: string };
    return { status: status ?? 1, output: `${stdout ?? ''}${stderr ?? ''}` };
  }
}

describe('the packed tarball', () => {
  it('passes arethetypeswrong (node16 profile) with every exports entry typed', () => {
    const { status, output } = run('@arethetypeswrong/cli/dist/index.js', [tarball.file, '--profile', 'node16', '--format', 'json']);
    const { analysis } = JSON.parse(output) as { analysis: { types: unknown; entrypoints: Record<string, unknown>; problems?: { kind: string; entrypoint: string; resolutionKind: string }[] } };
    // attw passes a package without any types; that must not count.
    expect(analysis.types, 'attw found no types in the tarball').not.toBe(false);
    const { exports } = readJson<{ exports: Record<string, unknown> }>(`${tarball.installed}/package.json`);
    expect(Object.keys(analysis.entrypoints).sort()).toEqual(Object.keys(exports).sort());
    // node10 (no exports support) is outside the node16 profile, as it is outside Node >= 20.
    const problems = (analysis.problems ?? []).filter((problem) => problem.resolutionKind !== 'node10');
    expect(problems, run('@arethetypeswrong/cli/dist/index.js', [tarball.file, '--profile', 'node16']).output).toEqual([]);
    expect(status).toBe(0);
  });

  it('passes publint --strict', () => {
    const { status, output } = run('publint/src/cli.js', ['run', tarball.file, '--strict']);
    expect(output).toContain('All good!');
    expect(status, output).toBe(0);
  });
});

describe('what the tarball ships', () => {
  const text = (path: string) => readFileSync(`${tarball.installed}/${path}`, 'utf8');

  it('has the MIT licence that package.json names', () => {
    expect(tarball.files).toContain('LICENSE');
    expect(text('LICENSE')).toMatch(/^MIT License\n\nCopyright \(c\) 2026 widget-bridge contributors\n/);
    expect(readJson<{ license: string }>(`${tarball.installed}/package.json`).license).toBe('MIT');
  });

  it('links, in every Markdown file it ships, only to files it ships', () => {
    const broken: string[] = [];
    for (const doc of tarball.files.filter((file) => file.endsWith('.md'))) {
      for (const [, target = ''] of text(doc).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:|^#/.test(target)) continue;
        const path = new URL(target.split('#')[0] ?? '', `file:///${doc}`).pathname.slice(1);
        if (!tarball.files.includes(path)) broken.push(`${doc} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('ships no source maps and no comment pointing at one', () => {
    expect(tarball.files.filter((file) => file.endsWith('.map'))).toEqual([]);
    const code = tarball.files.filter((file) => /\.c?js$/.test(file));
    expect(code.filter((file) => text(file).includes('sourceMappingURL'))).toEqual([]);
  });

  it("refers to none of this repository's internal documents", () => {
    const mentions = tarball.files
      .filter((file) => /\.(c?js|d\.c?ts|md)$/.test(file))
      .flatMap((file) => text(file).split('\n').filter((line) => /VENDORS\.md|API\.md|STYLE\.md|\bseeds?\b ?\d/.test(line)).map((line) => `${file}: ${line.trim()}`));
    expect(mentions).toEqual([]);
  });
});
