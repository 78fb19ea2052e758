// The emulated host page's own state, in jsdom: the context a widget reads and writes by dotted paths, and the
// inspector's log, which no widget or page can grow without bound.
import { describe, expect, it } from 'vitest';
import { readPath, writePath } from '../../src/dev/host/context-path.js';
import { createInspector } from '../../src/dev/host/inspector.js';
import { findHost, parseHosts } from '../../src/dev/server/hosts.js';

describe('the host context (ZFAPPS.get/set, Sigma get/set)', () => {
  it('reads and writes dotted paths', () => {
    const context: Record<string, unknown> = { invoice: { total: 1 } };
    writePath(context, 'invoice.reference_number', 'REF-7');
    writePath(context, 'customer.name', 'Acme');
    expect(context).toEqual({ invoice: { total: 1, reference_number: 'REF-7' }, customer: { name: 'Acme' } });
    expect(readPath(context, 'invoice.total')).toBe(1);
    expect(readPath(context, 'invoice.missing.deeper')).toBeUndefined();
  });

  it('refuses __proto__, constructor and prototype segments, so a widget cannot pollute the host page', () => {
    const context: Record<string, unknown> = { invoice: {} };
    for (const path of ['__proto__.polluted', 'invoice.__proto__.polluted', 'constructor.prototype.polluted', 'invoice.constructor', '__proto__']) {
      expect(() => writePath(context, path, 'yes'), path).toThrow(expect.objectContaining({ message: expect.stringContaining('is not a property the host keeps') }));
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(context).toEqual({ invoice: {} });
    expect(() => readPath(context, 'constructor')).toThrow();
    expect(readPath(context, 'toString')).toBeUndefined();
  });
});

describe('the inspector', () => {
  it('keeps the newest rows of a flood and shows how many older ones it dropped', () => {
    const root = document.createElement('div');
    const inspector = createInspector(root, 50);
    for (let i = 0; i < 1_001; i++) inspector.dropped(`flood ${i}`, { i });
    const rows = [...root.querySelectorAll('#wb-log > li .wb-what')].map((row) => row.textContent);
    expect(rows).toHaveLength(50);
    expect(rows[0]).toBe('flood 1000');
    expect(rows.at(-1)).toBe('flood 951');
    const count = root.querySelector('#wb-log-dropped') as HTMLElement;
    expect(count.hidden).toBe(false);
    expect(count.textContent).toBe('951 older rows dropped (the newest 50 are kept)');
  });

  it('shows a bounded number of event bindings', () => {
    const root = document.createElement('div');
    const inspector = createInspector(root, 3);
    inspector.showBindings(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`E${i}`, 1])));
    expect(root.querySelector('#wb-bindings')?.textContent).toBe('E7 ×1, E8 ×1, E9 ×1 (and 7 more not shown)');
  });
});

describe('--host', () => {
  it('takes any case, a comma list and all', () => {
    expect(parseHosts('Zoho-Books').map((h) => h.name)).toEqual(['zoho-books']);
    expect(parseHosts('zoho-sigma:writer')).toEqual([{ name: 'zoho-sigma:WRITER', host: expect.objectContaining({ service: 'WRITER', eventName: 'SIGMA_WRITER_EVENT' }) }]);
    expect(parseHosts('zoho-books, ZOHO-WRITER,zoho-crm,gainsight').map((h) => h.name)).toEqual(['zoho-books', 'zoho-writer', 'zoho-crm', 'gainsight']);
    expect(parseHosts('ALL').map((h) => h.name)).toEqual(['gainsight', 'zoho-books', 'zoho-invoice', 'zoho-billing', 'zoho-inventory', 'zoho-expense', 'zoho-writer', 'zoho-crm']);
    expect(findHost('zoho-sigma:desk')).toMatchObject({ service: 'DESK' });
  });

  it('names a near host (did you mean) and every host, for an unknown one', () => {
    expect(() => parseHosts('zoho-book')).toThrow(/^unknown host "zoho-book" \(did you mean "zoho-books"\?\); one of: gainsight, zoho-books, .*zoho-sigma:<SERVICE>$/);
    expect(() => parseHosts('zoho-books,gainsigth')).toThrow('unknown host "gainsigth" (did you mean "gainsight"?)');
    expect(() => parseHosts('zoho-sheet')).toThrow(/^unknown host "zoho-sheet"; one of/);
  });
});
