// `widget-bridge/dev`: the dev tool as a Node API (`startDev` is what the bin runs), and the connections
// module's types with `defineConnections()`.
export { DevError, rewriteVendorScripts, startDev, type DevHost, type DevOptions, type DevServer } from './server.js';
export { findHost, HOSTS, type HostDefinition } from './hosts.js';
export { defineConnections, type Connection, type Connections, type ConnectorConnection, type ProxyConnection } from './connections.js';
export type { GainsightConnector } from '../../testing/gainsight.js';
export type { Fixture } from '../../testing/replay.js';
export type { UpstreamAnswer, UpstreamHandler, UpstreamRequest } from '../../testing/upstream.js';
