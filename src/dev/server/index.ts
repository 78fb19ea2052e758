// The dev server as a Node API, for the demo and tests: `startDev(options)` is what the bin runs.
export { DevError, rewriteVendorScripts, startDev, type DevOptions, type DevServer } from './server.js';
export { findHost, HOSTS, type HostDefinition } from './hosts.js';
export type { Connection, ConnectorConnection, ProxyConnection } from './connections.js';
