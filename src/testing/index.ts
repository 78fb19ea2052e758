export { simulateGainsight } from './gainsight.js';
export { simulateZohoCrm } from './zoho-crm.js';
export { simulateZohoFinance } from './zoho-finance.js';
export { simulateZohoSigma } from './zoho-sigma.js';
// The offline stand-ins for zf_sdk.js and the Sigma v3 SDK (what `widget-bridge dev --offline` serves), for a test's own page.
export { installSigmaSdk, installZfapps } from './standins/index.js';
export { delay } from './upstream.js';
export type { UpstreamAnswer, UpstreamHandler, UpstreamRequest } from './upstream.js';
// Answers recorded by `widget-bridge dev --record`, as any simulator's connection handler.
export { matchFixtures, replay, type Fixture } from './replay.js';
