// The contract every adapter keeps, run against each adapter on its simulator (penpal runs one suite over
// iframe, worker and port the same way). Host-specific cases live beside it in test/unit/.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { createBridge, type Bridge, type BridgeOptions, type BridgeRequest } from '../../src/index.js';
import { delay, type UpstreamHandler } from '../../src/testing/upstream.js';
import { failure } from '../support/failure.js';
import type { ContractHarness, HarnessInstance } from './harness.js';

export function runContractSuite(harness: ContractHarness): void {
  describe(`${harness.vendor}: the shared adapter contract`, () => {
    let sim: HarnessInstance | undefined;
    let bridge: Bridge | undefined;
    afterEach(() => {
      bridge?.destroy();
      sim?.restore();
      sim = bridge = undefined;
    });

    function start(upstream: UpstreamHandler, options: Partial<BridgeOptions> = {}, held = false) {
      sim = harness.setup(upstream, { held });
      bridge = createBridge({ adapter: sim.adapter, ...options });
      return { sim, bridge };
    }
    const get = (extra: Partial<BridgeRequest> = {}): BridgeRequest => ({ ...harness.target('GET'), ...extra });
    const post = (extra: Partial<BridgeRequest> = {}): BridgeRequest => ({ ...harness.target('POST'), method: 'POST', ...extra });
    const can = harness.capabilities;


    it('answers a GET with the upstream body, the vendor and a status', async () => {
      const { bridge, sim } = start(() => ({ status: 200, body: { items: [{ id: 1 }, { id: 2 }] } }));
      const response = await bridge.request(get());
      expect(response.data).toEqual({ items: [{ id: 1 }, { id: 2 }] });
      expect(response.vendor).toBe(harness.vendor);
      expect(response.status).toBe(200);
      expect(sim.outbound).toHaveLength(1);
      expect(sim.outbound[0]?.method).toBe('GET');
    });

    it('reports the upstream status where the answer carries it, 200 where it only says success', async () => {
      const { bridge } = start(() => ({ status: 201, body: { created: true } }));
      const response = await bridge.request(post({ body: { name: 'Monstera' } }));
      expect(response.status).toBe((harness.revealsStatus ?? can.responseStatus) ? 201 : 200);
      // A capability is true of every answer shape: one claimed, the shape must carry it.
      if (can.responseStatus) expect(harness.revealsStatus ?? true).toBe(true);
      expect(response.data).toEqual({ created: true });
    });

    it('sends a JSON body as JSON', async () => {
      const { bridge, sim } = start(() => ({ body: { ok: true } }));
      await bridge.request(post({ body: { name: 'Monstera', size: 'M', tags: ['green'] } }));
      const sent = sim.outbound[0];
      expect(JSON.parse(sent?.body ?? '')).toEqual({ name: 'Monstera', size: 'M', tags: ['green'] });
      expect(sent?.headers['content-type']).toMatch(/application\/json/);
    });

    it(can.textBody ? 'sends a string body as raw text' : 'refuses a text body as UNSUPPORTED, sending nothing', async () => {
      const { bridge, sim } = start(() => ({ body: 'ok' }));
      const sending = bridge.request(post({ body: 'plain words' }));
      if (can.textBody) {
        await sending;
        expect(sim.outbound[0]?.body).toBe('plain words');
      } else {
        expect((await failure(sending)).code).toBe('UNSUPPORTED');
        expect(sim.calls).toHaveLength(0);
      }
    });

    it(can.formBody ? 'sends URLSearchParams form-encoded' : 'refuses a URLSearchParams body as UNSUPPORTED, sending nothing', async () => {
      const { bridge, sim } = start(() => ({ body: 'ok' }));
      const sending = bridge.request(post({ body: new URLSearchParams([['a', '1'], ['b', 'two words']]) }));
      if (can.formBody) {
        await sending;
        expect(new URLSearchParams(sim.outbound[0]?.body)).toEqual(new URLSearchParams('a=1&b=two+words'));
      } else {
        expect((await failure(sending)).code).toBe('UNSUPPORTED');
        expect(sim.calls).toHaveLength(0);
      }
    });

    it(can.multipartBody ? 'sends FormData fields' : 'refuses a FormData body as UNSUPPORTED, sending nothing', async () => {
      const { bridge, sim } = start(() => ({ body: 'ok' }));
      const form = new FormData();
      form.append('title', 'Quarterly report');
      const sending = bridge.request(post({ body: form }));
      if (can.multipartBody) {
        await sending;
        expect(sim.outbound[0]?.body).toContain('Quarterly report');
      } else {
        expect((await failure(sending)).code).toBe('UNSUPPORTED');
        expect(sim.calls).toHaveLength(0);
      }
    });

    it('sends query values as strings', async () => {
      const { bridge, sim } = start(() => ({ body: [] }));
      await bridge.request(get({ query: { q: 'Warsaw', page: 2, exact: true } }));
      const url = new URL(sim.outbound[0]?.url ?? '');
      expect(url.searchParams.get('q')).toBe('Warsaw');
      expect(url.searchParams.get('page')).toBe('2');
      expect(url.searchParams.get('exact')).toBe('true');
    });

    it(can.repeatedQuery ? 'repeats a query key for an array' : 'refuses an array query value as UNSUPPORTED, sending nothing', async () => {
      const { bridge, sim } = start(() => ({ body: [] }));
      const sending = bridge.request(get({ query: { tag: ['red', 'blue'] } }));
      if (can.repeatedQuery) {
        await sending;
        expect(new URL(sim.outbound[0]?.url ?? '').searchParams.getAll('tag')).toEqual(['red', 'blue']);
      } else {
        const error = await failure(sending);
        expect(error.code).toBe('UNSUPPORTED');
        expect(error.message).toContain('tag');
        expect(sim.calls).toHaveLength(0);
      }
    });

    it("sends the bridge's headers and the request's, the request winning", async () => {
      const { bridge, sim } = start(() => ({ body: {} }), { headers: { 'X-App-Version': '2.1.0', 'X-Client': 'bridge' } });
      await bridge.request(get({ headers: { 'x-client': 'widget', 'X-Request-Id': 'r-1' } }));
      const sent = sim.outbound[0]?.headers ?? {};
      expect(sent['x-app-version']).toBe('2.1.0');
      expect(sent['x-client']).toBe('widget');
      expect(sent['x-request-id']).toBe('r-1');
    });

    it('reads the body as text when asked, and checks it against a schema', async () => {
      const { bridge } = start(() => ({ body: { id: 7, name: 'Ada' } }));
      const text = await bridge.request(get({ responseType: 'text' }));
      expect(JSON.parse(text.data as string)).toEqual({ id: 7, name: 'Ada' });
      const typed = await bridge.request({ ...get(), schema: z.object({ id: z.number(), name: z.string() }) });
      expect(typed.data.name).toBe('Ada');
      const error = await failure(bridge.request(get({ schema: z.object({ id: z.string() }) })));
      expect(error.code).toBe('INVALID_RESPONSE');
      expect(error.issues?.[0]?.path).toEqual(['id']);
    });

    describe('on fake timers', () => {
      beforeEach(() => vi.useFakeTimers());
      afterEach(() => vi.useRealTimers());

      /** An upstream that answers after `ms`, counting the answers it gave. */
      const slow = (ms: number, answered = { count: 0 }): UpstreamHandler => async () => {
        await delay(ms);
        answered.count++;
        return { body: { late: true } };
      };

      it('times out a slow upstream with TIMEOUT naming the request; the late answer changes nothing', async () => {
        const answered = { count: 0 };
        const { bridge } = start(slow(150, answered));
        const settled = vi.fn();
        const pending = failure(bridge.request(get({ timeout: 40 }))).then((error) => (settled(), error));
        await vi.advanceTimersByTimeAsync(39);
        expect(settled).not.toHaveBeenCalled();
        await vi.advanceTimersByTimeAsync(1);
        const error = await pending;
        expect(error.code).toBe('TIMEOUT');
        expect(error.message).toMatch(new RegExp(`^TIMEOUT: GET .+ via ${harness.vendor}: no answer within the request's timeout of 40 ms$`));
        await vi.advanceTimersByTimeAsync(200);
        expect(answered.count).toBe(1); // the upstream did answer, into a settled request
        expect(settled).toHaveBeenCalledTimes(1);
        const next = bridge.request(get()); // and the bridge goes on
        await vi.advanceTimersByTimeAsync(150);
        expect((await next).data).toEqual({ late: true });
      });

      it('rejects with ABORTED at once when the caller aborts, and sends nothing for an already aborted signal', async () => {
        const { bridge, sim } = start(slow(100));
        const controller = new AbortController();
        const pending = failure(bridge.request(get({ signal: controller.signal })));
        await vi.advanceTimersByTimeAsync(10);
        controller.abort();
        expect((await pending).code).toBe('ABORTED');
        const callsBefore = sim.calls.length;
        expect((await failure(bridge.request(get({ signal: AbortSignal.abort() })))).code).toBe('ABORTED');
        expect(sim.calls).toHaveLength(callsBefore);
      });

      it('bounds the whole request, every attempt and pause, by one timeout', async () => {
        const { bridge, sim } = start(async () => {
          await delay(20);
          return { status: 503, body: 'busy' };
        });
        const pending = failure(bridge.request(get({ timeout: 100, retry: { limit: 5, backoff: () => 30 } })));
        await vi.advanceTimersByTimeAsync(100);
        const error = await pending;
        expect(error.code).toBe('TIMEOUT');
        expect(error.message).toContain("the request's timeout of 100 ms, 2 attempts");
        // Attempts start at 0 and 50 ms; the third would start at 100, when the request was already over.
        await vi.advanceTimersByTimeAsync(1_000);
        expect(sim.outbound).toHaveLength(2);
      });

      it('bounds each attempt by attemptTimeout when given, and retries it', async () => {
        let calls = 0;
        const { bridge, sim } = start(async () => {
          if (++calls === 1) await delay(1_000);
          return { body: { attempt: calls } };
        });
        const pending = bridge.request(get({ attemptTimeout: 50, retry: { limit: 1, backoff: () => 0 } }));
        await vi.advanceTimersByTimeAsync(60);
        const response = await pending;
        expect(response.data).toEqual({ attempt: 2 });
        expect(response.attempts).toBe(2);
        expect(sim.calls).toHaveLength(2);
      });
    });

    describe('settled means settled: nothing reaches the host after the caller was answered', () => {
      beforeEach(() => vi.useFakeTimers());
      afterEach(() => vi.useRealTimers());

      const answer = () => ({ body: { ok: true } });

      it.each([
        ['a timeout', (_: AbortController, __: Bridge) => vi.advanceTimersByTimeAsync(100), ['CONNECTOR_ERROR', 'CHANNEL_ERROR']],
        ['an abort', (caller: AbortController) => caller.abort(), ['ABORTED']],
        ['destroy()', (_: AbortController, bridge: Bridge) => bridge.destroy(), ['ABORTED']],
      ] as const)('a POST settled by %s while the host is still starting is never sent, nor its hooks run', async (_, stop, codes) => {
        const beforeRequest = vi.fn();
        const { bridge, sim } = start(answer, { hooks: { beforeRequest: [beforeRequest] } }, true);
        const caller = new AbortController();
        const pending = failure(bridge.request(post({ body: { vote: 1 }, timeout: 100, signal: caller.signal })));
        await vi.advanceTimersByTimeAsync(10);
        await stop(caller, bridge);
        expect(codes).toContain((await pending).code);
        sim.release();
        await vi.advanceTimersByTimeAsync(1_000);
        expect(beforeRequest).not.toHaveBeenCalled();
        expect(sim.calls).toHaveLength(0);
        expect(sim.outbound).toHaveLength(0);
      });

      it('a destroy() between a failed attempt and its backoff pause ends the request ABORTED, with no more attempts', async () => {
        const { bridge, sim } = start(() => ({ status: 503, body: 'busy' }));
        const pending = failure(bridge.request(get({ retry: { limit: 2, backoff: () => (bridge.destroy(), 10_000) } })));
        await vi.advanceTimersByTimeAsync(0);
        expect((await pending).code).toBe('ABORTED');
        expect(vi.getTimerCount()).toBe(0); // no pause was armed for a request that was already over
        await vi.advanceTimersByTimeAsync(30_000);
        expect(sim.outbound).toHaveLength(1);
      });

      it('an abort during the backoff pause ends the request ABORTED, with no more attempts and no timer left', async () => {
        const { bridge, sim } = start(() => ({ status: 503, body: 'busy' }));
        const caller = new AbortController();
        const pending = failure(bridge.request(get({ signal: caller.signal, retry: { limit: 2, backoff: () => 5_000 } })));
        await vi.advanceTimersByTimeAsync(10);
        caller.abort();
        expect((await pending).code).toBe('ABORTED');
        expect(vi.getTimerCount()).toBeLessThanOrEqual(1); // the pause's timer is cleared; only the shared deadline timer may wait
        await vi.advanceTimersByTimeAsync(20_000);
        expect(sim.outbound).toHaveLength(1);
        bridge.destroy();
        expect(vi.getTimerCount()).toBe(0);
      });
    });

    it('refuses malformed requests with INVALID_REQUEST and issues, sending nothing', async () => {
      const { bridge, sim } = start(() => ({ body: {} }));
      const bad: unknown[] = [
        { ...get(), quer: { q: 1 } },
        get({ headers: { 'X-Bad': 'a\r\nInjected: 1' } }),
        get({ headers: { 'bad name': 'x' } }),
        { ...get(), url: 'javascript:alert(1)' },
        get({ body: { not: 'allowed on GET' } }),
        get({ timeout: -1 }),
        { ...get(), method: 'FETCH' },
        { connection: '' },
        get({ pathParams: { '': 'x' } }),
      ];
      for (const request of bad) {
        const error = await failure(bridge.request(request as BridgeRequest));
        expect(error.code, JSON.stringify(request)).toBe('INVALID_REQUEST');
        expect(error.issues?.length).toBeGreaterThan(0);
      }
      expect(sim.calls).toHaveLength(0);
      expect(sim.outbound).toHaveLength(0);
    });

    it('maps an upstream 404 to HTTP_ERROR with its status', async () => {
      const { bridge } = start(() => ({ status: 404, body: { error: 'no such item' } }));
      const error = await failure(bridge.request(get()));
      expect(error.code).toBe('HTTP_ERROR');
      expect(error.status).toBe(404);
      expect(error.retryable).toBe(false);
      expect(error.vendor).toBe(harness.vendor);
    });

    it('maps an upstream 500 to a retryable HTTP_ERROR', async () => {
      const { bridge } = start(() => ({ status: 500, body: { error: 'boom' } }));
      const error = await failure(bridge.request(get()));
      expect(error.code).toBe('HTTP_ERROR');
      expect(error.status).toBe(500);
      expect(error.retryable).toBe(true);
    });

    it('reports an unreachable upstream the way the host does', async () => {
      const { bridge } = start(() => {
        throw new Error('ECONNREFUSED');
      });
      expect((await failure(bridge.request(get()))).code).toBe(harness.networkFailureCode);
    });

    it('applies the path parameter rule before the host: every bad value INVALID_PATH_PARAMETERS, nothing sent', async () => {
      const { bridge, sim } = start(() => ({ body: {} }));
      // A host that takes a url fills the slots itself; a connector (Gainsight) gets the values to fill.
      const slot = can.url ? { url: `${get().url}/{{ pathParams.id }}` } : {};
      for (const value of ['', 'has space', 'with/slash', 'with?q', '..', '.', 'a..b', '%20', 'with#hash', 'x'.repeat(201)]) {
        const error = await failure(bridge.request(get({ ...slot, pathParams: { id: value } })));
        expect(error, JSON.stringify(value)).toMatchObject({ code: 'INVALID_PATH_PARAMETERS', params: ['id'] });
      }
      expect(sim.calls).toHaveLength(0);
      for (const value of ['42', 'user-42', 'USER_42', 'my.handle', 'a~b', 'f47ac10b-58cc-4372-a567-0e02b2c3d479', 42]) {
        await bridge.request(get({ ...slot, pathParams: { id: value } })).catch(() => undefined);
      }
      expect(sim.calls).toHaveLength(7);
      if (can.url) {
        expect(sim.outbound.map((request) => new URL(request.url).pathname.split('/').pop())).toEqual(['42', 'user-42', 'USER_42', 'my.handle', 'a~b', 'f47ac10b-58cc-4372-a567-0e02b2c3d479', '42']);
        const missing = await failure(bridge.request(get({ url: `${get().url}/{{pathParams.a}}/{{pathParams.b}}`, pathParams: { b: 'bad value' } })));
        expect(missing).toMatchObject({ code: 'MISSING_PATH_PARAMETERS', params: ['a'] }); // missing wins over invalid
        expect(sim.calls).toHaveLength(7);
      }
    });

    it('retries an idempotent request on 503 and succeeds, but never a POST', async () => {
      let calls = 0;
      const { bridge, sim } = start(() => (++calls < 3 ? { status: 503, body: 'busy' } : { body: { ok: true } }));
      const response = await bridge.request(get({ retry: { limit: 2, backoff: () => 1 } }));
      expect(response.data).toEqual({ ok: true });
      expect(sim.outbound).toHaveLength(3);
      calls = 0;
      const error = await failure(bridge.request(post({ body: {}, retry: { limit: 2, backoff: () => 1 } })));
      expect(error.status).toBe(503);
      expect(sim.outbound).toHaveLength(4);
    });
  });
}
