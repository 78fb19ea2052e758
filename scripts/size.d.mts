// Types for scripts/size.mjs, so the TypeScript tests (test/size/) can import it.
export interface ModuleShare {
  /** `src/…` or `adapters/…`, a package (`zod`, `penpal`; a file of it with `files`), or a row in brackets. */
  name: string;
  /** Bytes of the minified bundle that come from it. */
  min: number;
  /** What gzip -9 spent on those bytes; the shares of a bundle add up to its `gzip`. */
  gzip: number;
}

export interface SizeRow {
  name: string;
  /** Bytes after terser. */
  min: number;
  /** Bytes after terser and gzip -9. */
  gzip: number;
  /** For the widgets of MODULE_WIDGETS: each module's share. */
  modules?: ModuleShare[];
}

export const WIDGETS: Record<string, string>;
export const MODULE_WIDGETS: string[];
export function measureAll(options?: { files?: boolean }): Promise<SizeRow[]>;
export function measureModules(code: string, options?: { files?: boolean }): Promise<{ min: number; gzip: number; modules: ModuleShare[] }>;
export function report(rows: SizeRow[]): string;
export function bundle(
  code: string,
  options?: { external?: (id: string, importer?: string) => boolean; plugins?: unknown[]; sourcemap?: boolean },
): Promise<{ code: string; map?: { toString(): string }; modules: Record<string, { code: string | null; renderedLength: number }> }>;
export function measure(code: string): Promise<{ min: number; gzip: number }>;
