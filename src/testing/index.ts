export { simulateGainsight } from './gainsight.js';
export { simulateZohoFinance } from './zoho-finance.js';
export { simulateZohoSigma } from './zoho-sigma.js';
export { delay } from './upstream.js';
export type { UpstreamAnswer, UpstreamHandler, UpstreamRequest } from './upstream.js';
