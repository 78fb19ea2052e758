// The host's server side: a host frame's connection calls, answered in Node with the simulators' rules
// (src/testing/) over the connections module's handlers and proxies.
import { AsyncLocalStorage } from 'node:async_hooks';
import { ConnectorExecuteError, simulateGainsight, type GainsightConnector } from '../../testing/gainsight.js';
import { MISSING_FIXTURE_HEADER } from '../../testing/replay.js';
import type { UpstreamHandler } from '../../testing/upstream.js';
import { simulateZohoCrm } from '../../testing/zoho-crm.js';
import { simulateZohoFinance } from '../../testing/zoho-finance.js';
import { simulateZohoSigma, type SigmaAnswerShape } from '../../testing/zoho-sigma.js';
import { isConnector, upstreamOf, type ConnectionsModule, type ConnectorConnection, type Forward } from './connections.js';
import type { HostDefinition } from './hosts.js';

/** One request the host's server sent upstream, for the inspector. */
export interface UpstreamTrace {
  method: string;
  url: string;
  status?: number;
  error?: string;
  /** `--replay`: no fixture matched, and the 502 came from the dev tool. */
  replay?: 'missing';
}

/** Zoho: the `isSuccess` and `data` of the `__EVENT_RESPONSE__`. Gainsight: the HTTP answer of the connector server. */
export interface CallAnswer {
  isSuccess: boolean;
  data: unknown;
  /** Gainsight: the connector server's HTTP status. */
  status?: number;
  upstream: UpstreamTrace[];
}

export type Answerer = (call: unknown) => Promise<CallAnswer>;

export interface AnswererOptions {
  sigmaAnswer?: SigmaAnswerShape;
  /** How proxy connections reach their API: live, recorded or replayed. */
  forward?: Forward;
  /** Zoho: connections the module does not name, answered by these handlers (the fixtures' with `--replay`). */
  extra?: Record<string, UpstreamHandler>;
}

export function createAnswerer(host: HostDefinition, module: ConnectionsModule, options: AnswererOptions = {}): Answerer {
  const trace = new AsyncLocalStorage<UpstreamTrace[]>();
  const traced =
    (handler: UpstreamHandler): UpstreamHandler =>
    async (request) => {
      const entry: UpstreamTrace = { method: request.method, url: request.url };
      trace.getStore()?.push(entry);
      try {
        const answer = await handler(request);
        entry.status = answer.status ?? 200;
        if (answer.headers?.[MISSING_FIXTURE_HEADER] === 'missing') entry.replay = 'missing';
        return answer;
      } catch (error) {
        entry.error = error instanceof Error ? error.message : String(error);
        throw error;
      }
    };
  const handlers: Record<string, UpstreamHandler> = {};
  for (const [name, handler] of Object.entries(options.extra ?? {})) handlers[name] = traced(handler);
  for (const [name, entry] of Object.entries(module.connections)) handlers[name] = traced(upstreamOf(name, entry, options.forward));
  const upstream = (name: string, entry: ConnectorConnection) => traced(upstreamOf(name, entry, options.forward));
  const answer = answerFor(host, module, handlers, upstream, options.sigmaAnswer);
  return (call) => {
    const upstream: UpstreamTrace[] = [];
    return trace.run(upstream, async () => ({ ...(await answer(call)), upstream }));
  };
}

type Answer = (call: unknown) => Promise<Omit<CallAnswer, 'upstream'>>;

function answerFor(
  host: HostDefinition,
  module: ConnectionsModule,
  handlers: Record<string, UpstreamHandler>,
  upstream: (name: string, entry: ConnectorConnection) => UpstreamHandler,
  sigmaAnswer: SigmaAnswerShape = 'envelope',
): Answer {
  switch (host.protocol) {
    case 'zoho-finance': {
      const { zfapps } = simulateZohoFinance({}, { connections: handlers });
      // The host's answer: `{ code, message, data: { body, status_code, status_message } }`.
      return settle(async (options) => ({ code: 0, message: 'success', ...(await zfapps.request(options)) as object }));
    }
    case 'zoho-sigma': {
      const service = host.service ?? 'WRITER';
      const sim = simulateZohoSigma({}, { service, connections: handlers, answer: sigmaAnswer, autoLoad: false });
      sim.load();
      const instance = (sim.sdk[service] as { init(): { request(options: unknown): Promise<unknown> } }).init();
      return settle((options) => instance.request(options));
    }
    case 'zoho-crm':
      return crmServer(handlers);
    case 'gainsight':
      return gainsightServer(module, upstream);
  }
}

/** Zoho: the call's promise resolves with what the host sends, or rejects with it. */
function settle(run: (options: unknown) => Promise<unknown>): Answer {
  return async (options) => {
    try {
      return { isSuccess: true, data: await run(options) };
    } catch (reason) {
      return { isSuccess: false, data: reason instanceof Error ? { message: reason.message } : reason };
    }
  };
}

/**
 * Zoho CRM: a `CRM_CONNECTION` call (`{ connectionName, data: { data } }`, `parameters` and `headers` as the
 * SDK's JSON text) through `simulateZohoCrm`'s rules. Its answers resolve, failures included (EVENT_RESPONSE).
 */
function crmServer(handlers: Record<string, UpstreamHandler>): Answer {
  const { zoho } = simulateZohoCrm({}, { connections: handlers });
  void zoho.embeddedApp.init();
  const json = (text: unknown) => (typeof text === 'string' ? JSON.parse(text) : undefined);
  return settle(async (call) => {
    const { connectionName, data } = call as { connectionName: string; data?: { data?: Record<string, unknown> } };
    const request = data?.data ?? {};
    return zoho.CRM.CONNECTION.invoke(connectionName, { ...request, parameters: json(request.parameters), headers: json(request.headers) });
  });
}

/** The connector server: `simulateGainsight`'s rules, over the module's connector definitions. */
function gainsightServer(module: ConnectionsModule, upstream: (name: string, entry: ConnectorConnection) => UpstreamHandler): Answer {
  const connectors: Record<string, GainsightConnector> = {};
  for (const [permalink, entry] of Object.entries(module.connections)) {
    if (isConnector(entry)) connectors[permalink] = { ...entry, upstream: upstream(permalink, entry) };
  }
  const { WidgetServiceSDK } = simulateGainsight({}, { connectors });
  // The browser's stand-in keeps the client's own timeout; here only the server's 15 s upstream limit applies.
  const client = new WidgetServiceSDK({ timeout: 60_000 }).connectors;
  return async (call) => {
    const { api, options } = call as { api?: string; options: Record<string, unknown> };
    try {
      const data = api === 'composite.execute' ? await client.composite.execute(options) : await client.execute(options);
      return { isSuccess: true, status: 200, data };
    } catch (error) {
      // ConnectorExecuteError's fields, or a plain Error (unknown permalink: 404), for the stand-in to rebuild.
      const fields: Record<string, unknown> = { ...(error as object), name: (error as Error).name, message: (error as Error).message };
      return { isSuccess: false, status: failureStatus(error, api !== 'composite.execute' && Object.hasOwn(connectors, String(options?.permalink))), data: fields };
    }
  };
}

/** The connector server's status for a failed call: the error's own, else 404 for a connector it does not have. */
function failureStatus(error: unknown, known: boolean): number {
  if (error instanceof ConnectorExecuteError) return error.status;
  // The dev server defines no composite connectors: every composite permalink is unknown.
  return known ? 500 : 404;
}
