// widget-bridge/iframe: a widget in a nested frame reaches the host frame's bridge through penpal.
export { exposeBridge } from './expose.js';
export { parentFrame } from './parent-frame.js';
export { parentBridge } from './parent-bridge.js';
export type { ExposeBridgeOptions, ExposedBridge } from './expose.js';
export type { ParentFrameOptions } from './parent-frame.js';
export type { NestedBridge, NestedRequest, ParentBridgeOptions } from './parent-bridge.js';
export type { Allow, AllowFunction, AllowList, JudgedRequest, PolicyContext } from './policy.js';
