// The offline stand-ins for the Zoho vendor scripts, as install functions (the built classic scripts are
// dist/standins/zf_sdk.js and dist/standins/sigma-sdk.min.js).
export { installZfapps, type Zfapps, type ZfInstance } from './zf-sdk.js';
export { installSigmaSdk, SIGMA_SERVICES, type SigmaInstance, type SigmaSdk } from './sigma-sdk.js';
export { readServiceOrigin } from './zsdk.js';
