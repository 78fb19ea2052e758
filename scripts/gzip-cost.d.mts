// Types for scripts/gzip-cost.mjs, so the TypeScript tests (test/size/) can import it.
export const GZIP_FRAME_BYTES: number;
export function gzipCost(input: string | Uint8Array): { gzip: number; bits: number[] };
