// Type-level tests, compiled by `npm run typecheck` (tsc --noEmit over test/): each `@ts-expect-error`
// must be an error, every other line must compile. Nothing here runs.
import * as z from 'zod/mini';
import { createBridge, type Bridge, type BridgeError, type BridgeResponse } from '../../src/index.js';
import { gainsight } from '../../adapters/gainsight.js';
import { zohoFinance } from '../../adapters/zoho-finance.js';
import { parentBridge } from '../../src/iframe/index.js';

declare const check: <T>(value: T) => void;
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

const bridge = createBridge({
  adapter: [gainsight(), zohoFinance()],
  connections: {
    ideaEndorsements: { gainsight: { connection: 'idea-endorsements' }, 'zoho-finance': { connection: 'ideas', url: 'https://api.example.com/ideas' } },
    weather: { 'zoho-finance': { connection: 'weatherconn', url: 'https://api.example.com/weather' } },
  },
});

// The bridge knows the map's keys exactly: that is what `connection:` offers in an editor.
type Names = typeof bridge extends Bridge<infer N> ? N : never;
check<Equal<Names, 'ideaEndorsements' | 'weather'>>(true);

async function names(): Promise<void> {
  // The map's keys are offered (and any raw host connection name is still allowed).
  type Offered = Parameters<typeof bridge.request>[0]['connection'];
  check<Offered>('ideaEndorsements');
  check<Offered>('weather');
  check<Offered>('some-raw-permalink');
  const { data } = await bridge.request({ connection: 'weather', schema: z.object({ temp: z.number() }) });
  check<number>(data.temp);
}

// A body typed as an interface (no index signature) is accepted: the run-time walk is the guard.
interface Vote {
  ideaId: number;
  up: boolean;
  note?: string;
}
async function interfaceBody(vote: Vote): Promise<void> {
  await bridge.request({ connection: 'ideaEndorsements', method: 'POST', body: vote });
  await bridge.request({ connection: 'ideaEndorsements', method: 'POST', body: [vote, vote] });
}

// An undefined query value is left out, as an undefined body property is.
async function optionalQuery(page?: number): Promise<void> {
  await bridge.request({ connection: 'weather', query: { q: 'Warsaw', page } });
}

// A base request spread with a schema still types `data` from the schema, hooks included.
async function spreadWithSchema(): Promise<void> {
  const base = { connection: 'weather' } as const;
  const response = await bridge.request({
    ...base,
    schema: z.object({ temp: z.number() }),
    hooks: { afterResponse: [(r: BridgeResponse<{ temp: number }>) => void check<number>(r.data.temp)] },
  });
  check<number>(response.data.temp);
  check<number>(response.attempts);
  // @ts-expect-error data is typed by the schema
  check<string>(response.data.temp);
}

function errors(error: BridgeError): void {
  check<number | undefined>(error.attempts);
  check<number | undefined>(error.elapsed);
}

// @ts-expect-error the method must be one of the seven
void bridge.request({ connection: 'weather', method: 'FETCH' });
// @ts-expect-error hooks are lists of functions
createBridge({ adapter: gainsight(), hooks: { beforeRequest: () => undefined } });

void [names, interfaceBody, optionalQuery, spreadWithSchema, errors];

// parentBridge takes what crosses to the host frame: no backoff function, no beforeRetry hook; it serves as a Bridge.
const nested = parentBridge({ allowedOrigins: ['https://host.example'], headers: { 'X-App': '1' } });
void nested.request({ connection: 'c', retry: { limit: 2, statusCodes: [503] } });
// @ts-expect-error a backoff function cannot cross to the host frame, which runs the retries
void nested.request({ connection: 'c', retry: { limit: 2, backoff: () => 10 } });
// @ts-expect-error beforeRetry runs where the retries run: in the host frame
void nested.request({ connection: 'c', hooks: { beforeRetry: [() => true] } });
const served: Bridge = nested;
void served;
