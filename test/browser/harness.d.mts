import type { Browser } from 'playwright-core';

/** The repository root: pages load /dist/… bundles and /test/…, /demo/… files from it. */
export declare const ROOT: string;

export interface Servers {
  /** `http://127.0.0.1:<port>`: where host pages are served. */
  hostOrigin: string;
  /** `http://localhost:<port2>`: where widget pages are served. */
  widgetOrigin: string;
  close(): Promise<void>;
}

export declare function startServers(root?: string): Promise<Servers>;

/** `CHROMIUM` from the environment, else Debian's `/usr/bin/chromium`. */
export declare const CHROMIUM_PATH: string;

export declare function launchChromium(): Promise<Browser>;
