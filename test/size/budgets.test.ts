// The size budgets in CI: every bundle scripts/size.mjs measures (from dist/, so after `npm run build`)
// stays within its gzipped budget in budgets.json, and no bundle goes unbudgeted. The widgets of issue 25
// have a target and a ceiling: past the ceiling fails; between target and ceiling passes and says how far
// off the target is; a ceiling left far above what is measured fails too, so that a cut, once made, stays.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { measureAll } from '../../scripts/size.mjs';
import type { SizeRow } from '../../scripts/size.mjs';

interface WidgetBudget {
  target: number;
  ceiling: number;
  reason: string;
}

const budgets: { gzip: Record<string, number>; widgets: Record<string, WidgetBudget> } = JSON.parse(readFileSync(new URL('./budgets.json', import.meta.url), 'utf8'));
/** How far a ceiling may sit above the measure before it must come down: room for a small unrelated change. */
const CEILING_SLACK = 256;

let rows: SizeRow[] = [];
const rowOf = (name: string) => rows.find((candidate) => candidate.name === name);

beforeAll(async () => {
  rows = await measureAll();
}, 300_000);

describe('bundle size budgets (gzipped bytes)', () => {
  test('every measured bundle has a budget', () => {
    const unbudgeted = rows.map((row) => row.name).filter((name) => budgets.gzip[name] === undefined && budgets.widgets[name] === undefined);
    expect(unbudgeted, 'add these rows to test/size/budgets.json').toEqual([]);
  });

  test('every budget names a bundle that is still measured', () => {
    const measured = new Set(rows.map((row) => row.name));
    const names = [...Object.keys(budgets.gzip), ...Object.keys(budgets.widgets)];
    expect(names.filter((name) => !measured.has(name)), 'stale rows in test/size/budgets.json').toEqual([]);
  });

  test.each(Object.entries(budgets.gzip))('%s stays within %i bytes', (name, budget) => {
    const row = rowOf(name);
    expect(row, `${name} was not measured`).toBeDefined();
    expect(row?.gzip, `${name}: ${row?.gzip} bytes gzipped, budget ${budget}`).toBeLessThanOrEqual(budget);
  });
});

describe.each(Object.entries(budgets.widgets))('%s', (name, { target, ceiling }) => {
  test('stays under its ceiling, and says how far it is from its target', () => {
    const gzip = rowOf(name)?.gzip ?? Number.NaN;
    expect(ceiling, `${name}: a ceiling below the target ${target} B`).toBeGreaterThanOrEqual(target);
    expect(gzip, `${name}: ${gzip} B gzipped, over its ceiling of ${ceiling} B by ${gzip - ceiling} B (target ${target} B): npm run size shows each module's share`).toBeLessThanOrEqual(ceiling);
    if (gzip > target) console.warn(`${name}: ${gzip} B gzipped, ${gzip - target} B over its target of ${target} B (ceiling ${ceiling} B)`);
  });

  test('its ceiling follows the cuts made', () => {
    const gzip = rowOf(name)?.gzip ?? Number.NaN;
    const lowered = Math.max(target, gzip);
    expect(ceiling - lowered, `${name}: ${gzip} B gzipped, ${ceiling - gzip} B under its ceiling of ${ceiling} B: lower the ceiling in test/size/budgets.json to ${lowered}`).toBeLessThanOrEqual(CEILING_SLACK);
  });

  test('its modules add up to its size', () => {
    const row = rowOf(name);
    const modules = row?.modules ?? [];
    expect(modules.reduce((sum, module) => sum + module.gzip, 0), 'the per-module table').toBe(row?.gzip);
    // A bundle whose map does not reach its sources would put its bytes nowhere in particular.
    const unmapped = modules.find((module) => module.name === '(unmapped)')?.gzip ?? 0;
    expect(unmapped, 'bytes the source map does not place').toBeLessThanOrEqual(16);
  });
});
