// A recording fake host for core tests: every call is kept, every answer is scripted.
import type { Adapter, AdapterResponse, Capabilities, HostInfo, ResolvedRequest } from '../../src/index.js';

export const ALL_CAPABILITIES: Capabilities = {
  composite: true,
  url: true,
  textBody: true,
  formBody: true,
  multipartBody: true,
  repeatedQuery: true,
  responseStatus: true,
  responseHeaders: true,
};

export interface MemoryAdapter extends Adapter {
  sent: ResolvedRequest[];
  signals: AbortSignal[];
  inits: number;
  destroyed: number;
}

export interface MemoryOptions {
  vendor?: string;
  capabilities?: Partial<Capabilities>;
  present?: true | string;
  answer?: (request: ResolvedRequest, signal: AbortSignal) => AdapterResponse | Promise<AdapterResponse>;
  init?: () => Promise<HostInfo | void>;
}

export function memoryAdapter(options: MemoryOptions = {}): MemoryAdapter {
  const adapter: MemoryAdapter = {
    vendor: options.vendor ?? 'memory',
    capabilities: { ...ALL_CAPABILITIES, ...options.capabilities },
    sent: [],
    signals: [],
    inits: 0,
    destroyed: 0,
    detect: () => options.present ?? true,
    async send(request, signal) {
      adapter.sent.push(request);
      adapter.signals.push(signal);
      return (await options.answer?.(request, signal)) ?? { status: 200, body: '{"ok":true}' };
    },
    destroy() {
      adapter.destroyed++;
    },
  };
  if (options.init) {
    const init = options.init;
    adapter.init = () => {
      adapter.inits++;
      return init();
    };
  }
  return adapter;
}
