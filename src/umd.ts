// The script-tag bundle: global `WidgetBridge` = every entry point except testing.
export * from './index.js';
export { gainsight } from '../adapters/gainsight.js';
export { zohoFinance } from '../adapters/zoho-finance.js';
export { zohoSigma } from '../adapters/zoho-sigma.js';
export { zohoCrm } from '../adapters/zoho-crm.js';
export { exposeBridge, parentBridge, parentFrame } from './iframe/index.js';
