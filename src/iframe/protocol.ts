// The envelope protocol between a widget frame (parentFrame) and its host frame (exposeBridge).
// Everything here crosses postMessage, so it is plain, structured-cloneable data: no AbortSignal,
// no class instances except File/Blob, which the structured clone algorithm copies.
import type { BridgeErrorJSON } from '../errors.js';
import type { HostInfo, HttpMethod, JsonValue, QueryValue, RetryOptions } from '../types.js';

/** Bumped on any change a peer of the previous version would misread; both frames must agree. */
export const PROTOCOL_VERSION = 1;

/**
 * A request body on the wire. Always tagged, so a JSON body that happens to look like a tag is not
 * mistaken for one. A multipart entry keeps its File/Blob (cloneable) and the file name FormData gave it.
 */
export type WireBody =
  | { kind: 'json'; value: JsonValue }
  | { kind: 'text'; value: string }
  | { kind: 'form'; value: string }
  | { kind: 'multipart'; entries: Array<[name: string, value: string | Blob, filename?: string]> };

/**
 * A request on its way to the host frame, which validates and resolves it with its own bridge: as the widget
 * wrote it (parentBridge), or as a widget's own createBridge resolved it (parentFrame). Never `signal` (a
 * cancel message instead) or `schema` (applied by the widget to the answer). `retry` runs in the host frame:
 * parentFrame sends 0, since the widget's own bridge retries.
 */
export interface WireRequest {
  connection: string;
  method?: HttpMethod;
  url?: string;
  query?: Record<string, QueryValue | QueryValue[]>;
  pathParams?: Record<string, string | number>;
  headers?: Record<string, string>;
  body?: WireBody;
  timeout?: number;
  responseType?: 'json' | 'text';
  composite?: boolean;
  retry?: number | Omit<RetryOptions, 'backoff'>;
}

/** A BridgeResponse minus `raw` when `raw` is not cloneable. */
export interface WireResponse {
  data: unknown;
  status: number;
  headers: Record<string, string>;
  vendor: string;
  raw?: unknown;
  /** The host's attempts (it runs the retries). */
  attempts?: number;
}

/** Every answer: a BridgeError crosses as its JSON, so every field survives (penpal keeps name/message/stack only). */
export type WireAnswer = { ok: true; response: WireResponse } | { ok: false; error: BridgeErrorJSON };

/** The host's answer to `hello`: its protocol version, and the host in use, or why there is none. */
export type HelloAnswer = { ok: true; protocol: number; host: HostInfo } | { ok: false; protocol: number; error: BridgeErrorJSON };

/** What the host frame exposes over penpal. A `type` alias: penpal's `connect<T>()` rejects interfaces. */
export type HostMethods = {
  hello(protocol: number): Promise<HelloAnswer>;
  request(id: number, request: WireRequest): Promise<WireAnswer>;
  cancel(id: number): void;
  ping(): true;
};
