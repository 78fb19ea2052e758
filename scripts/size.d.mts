// Types for scripts/size.mjs, so the TypeScript tests (test/size/) can import it.
export interface SizeRow {
  name: string;
  /** Bytes after terser. */
  min: number;
  /** Bytes after terser and gzip -9. */
  gzip: number;
}

export const WIDGETS: Record<string, string>;
export function measureAll(): Promise<SizeRow[]>;
export function bundle(
  code: string,
  options?: { external?: (id: string, importer?: string) => boolean; plugins?: unknown[] },
): Promise<{ code: string; modules: Record<string, { code: string | null; renderedLength: number }> }>;
