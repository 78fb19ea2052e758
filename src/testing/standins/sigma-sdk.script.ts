// The classic script served in place of https://static.zohocdn.com/sigma/client/sdk/v3/sigma-sdk.min.js.
import { installSigmaSdk } from './sigma-sdk.js';

installSigmaSdk(window);
