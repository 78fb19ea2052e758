// Live reload: a changed widget file reloads the widget frame (the host page, and its inspector, stay); a changed
// connections module is read again. The host pages listen on `/__wb/events` (server-sent events).
import { watch, type FSWatcher } from 'node:fs';
import { readdir } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { basename, dirname, join, relative } from 'node:path';

/** The host pages listening for changes. */
export interface Events {
  attach(response: ServerResponse): void;
  send(event: string, data: unknown): void;
}

export function createEvents(): Events {
  const listeners = new Set<ServerResponse>();
  return {
    attach(response) {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      response.write(': widget-bridge dev\n\n');
      listeners.add(response);
      response.on('close', () => listeners.delete(response));
    },
    send(event, data) {
      for (const response of listeners) response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
  };
}

// Editors write a file in several steps (temp file, rename, chmod): one change per burst.
const SETTLE_MS = 80;

/**
 * Watches every folder under `dir` except dot-folders, node_modules and what `skip` names, and calls `onChange`
 * with a changed file's path relative to `dir`. Folders made later are watched too. Returns the stop function.
 */
export function watchFolder(dir: string, skip: (path: string) => boolean, onChange: (file: string) => void): () => void {
  const watchers = new Map<string, FSWatcher>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const changed = new Set<string>();
  const flush = () => {
    for (const file of changed) onChange(file);
    changed.clear();
  };
  const add = async (folder: string): Promise<void> => {
    if (stopped || watchers.has(folder) || ignored(folder)) return;
    try {
      watchers.set(
        folder,
        watch(folder, (_event, name) => {
          if (!name) return;
          const path = join(folder, name.toString());
          if (ignored(path)) return;
          changed.add(relative(dir, path));
          clearTimeout(timer);
          timer = setTimeout(flush, SETTLE_MS);
          void add(path).catch(() => undefined);
        }),
      );
      const entries = await readdir(folder, { withFileTypes: true });
      await Promise.all(entries.filter((entry) => entry.isDirectory()).map((entry) => add(join(folder, entry.name))));
    } catch {
      // Not a folder (a file's change event), or gone since.
      watchers.get(folder)?.close();
      watchers.delete(folder);
    }
  };
  const ignored = (path: string) => skip(path) || relative(dir, path).split(/[\\/]/).some((part) => part.startsWith('.') || part === 'node_modules');
  void add(dir);
  return () => {
    stopped = true;
    clearTimeout(timer);
    for (const watcher of watchers.values()) watcher.close();
  };
}

/** Calls `onChange` when `file` is written (watching its folder: editors replace files). Returns the stop function. */
export function watchFile(file: string, onChange: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watcher = watch(dirname(file), (_event, name) => {
    if (name?.toString() !== basename(file)) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, SETTLE_MS);
  });
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}
