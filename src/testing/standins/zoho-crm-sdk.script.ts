// The classic script served in place of https://live.zwidgets.com/js-sdk/<version>/ZohoEmbededAppSDK.min.js.
import { installZohoCrm } from './zoho-crm-sdk.js';

installZohoCrm(window);
