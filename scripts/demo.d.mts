import type { DevServer } from '../src/dev/server/index.js';

export interface DemoHost {
  name: string;
  label: string;
  host: string;
  widget: string;
}

export declare const DEMO_HOSTS: DemoHost[];

export declare function startDemo(options?: { port?: number }): Promise<{ hosts: Array<DemoHost & { server: DevServer }>; close(): Promise<void> }>;
