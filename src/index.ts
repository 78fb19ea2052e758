export { createBridge } from './bridge.js';
export { BridgeError, ErrorCode, isBridgeError } from './errors.js';
export { fillPathParams, isValidPathParam, pathParamSlots } from './path-params.js';
export type { BridgeErrorCode, BridgeErrorFields, BridgeErrorJSON, BridgeIssue } from './errors.js';
export type { StandardSchemaV1 } from './standard-schema.js';
export type {
  Adapter,
  AdapterResponse,
  Bridge,
  BridgeOptions,
  BridgeRequest,
  BridgeResponse,
  Capabilities,
  ConnectionEntry,
  ConnectionMap,
  DebugEvent,
  Detection,
  BridgeHooks,
  HookContext,
  HostInfo,
  HttpMethod,
  KnownVendor,
  RequestBody,
  RetryState,
  JsonValue,
  QueryValue,
  ResolvedBody,
  ResolvedRequest,
  RetryOptions,
  Vendor,
} from './types.js';
