// gzipCost() reads gzip's own stream back: the bits it charges each byte must add up to the gzipped size
// (the per-module table of `npm run size` rests on it) for every kind of block gzip writes.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { GZIP_FRAME_BYTES, gzipCost } from '../../scripts/gzip-cost.mjs';

const inputs: Record<string, string | Uint8Array> = {
  'one byte (a fixed-code block)': 'a',
  'repetitive text (long matches)': 'request({ connection: "c" });\n'.repeat(2_000),
  'random bytes (stored blocks)': randomBytes(70_000),
  'non-ASCII text': 'Zoho Finance — “no answer within 30 s” ✓ '.repeat(300),
  'minified code': readFileSync(new URL('../../scripts/size.mjs', import.meta.url), 'utf8'),
};

describe('gzipCost', () => {
  test.each(Object.entries(inputs))('charges every bit of the stream to a byte: %s', (_name, input) => {
    const { gzip, bits } = gzipCost(input);
    expect(bits).toHaveLength(Buffer.from(input).length);
    const charged = bits.reduce((sum, b) => sum + b, 0) / 8;
    expect(Math.abs(charged + GZIP_FRAME_BYTES - gzip)).toBeLessThan(0.001);
  });

  test('charges a repeated part less than its first occurrence', () => {
    const part = 'function settle(work, deadline) { return Promise.race([work, deadline]); }\n';
    const { bits } = gzipCost(part + part);
    const first = bits.slice(0, part.length).reduce((a, b) => a + b, 0);
    const second = bits.slice(part.length).reduce((a, b) => a + b, 0);
    expect(second).toBeLessThan(first / 5);
  });
});
