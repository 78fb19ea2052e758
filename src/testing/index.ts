export { simulateGainsight } from './gainsight.js';
export { simulateZohoCrm } from './zoho-crm.js';
export { simulateZohoFinance } from './zoho-finance.js';
export { simulateZohoSigma } from './zoho-sigma.js';
// The offline stand-ins for zf_sdk.js and the Sigma v3 SDK (what `widget-bridge dev --offline` serves), for a test's own page.
export { installSigmaSdk, installZfapps } from './standins/index.js';
export { delay } from './upstream.js';
// The configs a test writes and the handles it gets back, so that a strict project can type its helpers.
export type {
  GainsightCall,
  GainsightComposite,
  GainsightCompositeStep,
  GainsightConnector,
  GainsightField,
  GainsightSimConfig,
  GainsightSimulator,
} from './gainsight.js';
export type { CrmConnectionCall, SimulatedZoho, ZohoCrmSimulator, ZohoCrmSimulatorConfig } from './zoho-crm.js';
export type { SimulatedZfapps, ZohoFinanceInvocation, ZohoFinanceSimulator, ZohoFinanceSimulatorConfig } from './zoho-finance.js';
export type { SigmaAnswerShape, SimulatedSigmaClient, ZohoSigmaSimulator, ZohoSigmaSimulatorConfig } from './zoho-sigma.js';
export type { SigmaInstance, SigmaSdk, Zfapps, ZfInstance } from './standins/index.js';
export type { UpstreamAnswer, UpstreamHandler, UpstreamRequest } from './upstream.js';
