// The classic script served in place of https://js.zohostatic.com/zohofinance/v1/zf_sdk.js.
import { installZfapps } from './zf-sdk.js';

installZfapps(window);
