// The size budgets in CI: every bundle scripts/size.mjs measures (from dist/, so after `npm run build`)
// stays within its gzipped budget in budgets.json, and no bundle goes unbudgeted.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { measureAll } from '../../scripts/size.mjs';
import type { SizeRow } from '../../scripts/size.mjs';

const budgets: { gzip: Record<string, number> } = JSON.parse(readFileSync(new URL('./budgets.json', import.meta.url), 'utf8'));

let rows: SizeRow[] = [];

beforeAll(async () => {
  rows = await measureAll();
}, 120_000);

describe('bundle size budgets (gzipped bytes)', () => {
  test('every measured bundle has a budget', () => {
    const unbudgeted = rows.map((row) => row.name).filter((name) => budgets.gzip[name] === undefined);
    expect(unbudgeted, 'add these rows to test/size/budgets.json').toEqual([]);
  });

  test('every budget names a bundle that is still measured', () => {
    const measured = new Set(rows.map((row) => row.name));
    expect(Object.keys(budgets.gzip).filter((name) => !measured.has(name)), 'stale rows in test/size/budgets.json').toEqual([]);
  });

  test.each(Object.entries(budgets.gzip))('%s stays within %i bytes', (name, budget) => {
    const row = rows.find((candidate) => candidate.name === name);
    expect(row, `${name} was not measured`).toBeDefined();
    expect(row?.gzip, `${name}: ${row?.gzip} bytes gzipped, budget ${budget}`).toBeLessThanOrEqual(budget);
  });
});
