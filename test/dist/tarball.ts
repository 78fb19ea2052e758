// The package as npm would install it, offline: `npm pack` of the built package, extracted into the
// node_modules of a throwaway project, beside links to the repository's own copies of its dependencies
// and of TypeScript (nothing is fetched from a registry).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The repository's own binaries, run with this Node. */
export const bin = (path: string) => join(ROOT, 'node_modules', path);

export interface Tarball {
  /** The `.tgz` file. */
  file: string;
  /** Paths inside the tarball, relative to the package root. */
  files: string[];
  /** A project whose node_modules holds the extracted package; remove with `cleanup()`. */
  project: string;
  /** The installed package's root, `<project>/node_modules/widget-bridge`. */
  installed: string;
  cleanup(): void;
}

/** Packs dist/ as it is (build first) and installs it, with `links` from the repository's node_modules. */
export function packAndInstall(links: string[] = ['penpal', 'zod', 'typescript', '@types/node']): Tarball {
  const work = mkdtempSync(join(tmpdir(), 'widget-bridge-pack-'));
  // --ignore-scripts: prepack would build again, emptying dist/ under the other dist tests running beside this one.
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as [
    { filename: string; files: { path: string }[] },
  ];
  if (packed === undefined) throw new Error('npm pack reported no tarball');
  const project = join(work, 'project');
  const installed = join(project, 'node_modules', 'widget-bridge');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['xzf', join(work, packed.filename), '-C', installed, '--strip-components=1']);
  for (const name of links) {
    const link = join(project, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', name), link, 'dir');
  }
  return {
    file: join(work, packed.filename),
    files: packed.files.map((file) => file.path),
    project,
    installed,
    cleanup: () => rmSync(work, { recursive: true, force: true }),
  };
}

/** Writes `files` (path → text) under `dir`. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** Runs the repository's tsc on `tsconfig.json` in `dir`: its diagnostics, '' when it compiled cleanly. */
export function tsc(dir: string, args: string[] = []): string {
  try {
    execFileSync(process.execPath, [bin('typescript/bin/tsc'), '-p', dir, '--pretty', 'false', ...args], { encoding: 'utf8', stdio: 'pipe' });
    return '';
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    return `${stdout ?? ''}${stderr ?? ''}` || String(error);
  }
}

export const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
