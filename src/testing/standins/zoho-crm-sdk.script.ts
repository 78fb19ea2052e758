// The classic script served in place of https://live.zwidgets.com/js-sdk/<version>/ZohoEmbededAppSDK.min.js.
// `<script data-build="2018">` behaves as the repository's 2018 build (a new SDK on every init()).
import { installZohoCrm } from './zoho-crm-sdk.js';

installZohoCrm(window, { build: document.currentScript?.dataset.build === '2018' ? '2018' : 'lib' });
