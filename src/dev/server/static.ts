// A small static file server: a widget's files, the host page's scripts and the stand-ins.
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, relative, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/**
 * The file under `root` a URL path names (`index.html` for a folder), or undefined: outside `root`, hidden (a
 * dotfile or a file in a dot-folder: `.env`, `.git/config`), refused by `isRefused` (the connections module) or
 * missing. Symbolic links are followed, as `npm link` and pnpm's node_modules need.
 */
export async function findFile(root: string, urlPath: string, isRefused: (file: string) => boolean = () => false): Promise<string | undefined> {
  const path = containedPath(root, urlPath);
  if (path === undefined || isHidden(root, path) || isRefused(path)) return undefined;
  const found = await stat(path).catch(() => undefined);
  if (found?.isDirectory()) return findFile(root, `${urlPath.replace(/\/$/, '')}/index.html`, isRefused);
  return found?.isFile() ? path : undefined;
}

/** The absolute path a URL path names under `root` once decoded, or undefined when it leaves `root`. */
export function containedPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const path = normalize(join(root, decoded));
  const inside = root.endsWith(sep) ? root : root + sep;
  return path === root || path.startsWith(inside) ? path : undefined;
}

/** A dotfile, or anything under a dot-folder, below `root`. */
function isHidden(root: string, path: string): boolean {
  return relative(root, path).split(sep).some((segment) => segment.startsWith('.'));
}

export function contentType(file: string): string {
  return TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Sends a file, or 404; `transform` rewrites text first (the widget's HTML with `--offline`). */
export async function sendFile(response: ServerResponse, file: string | undefined, transform?: (text: string) => string): Promise<void> {
  if (!file) return sendText(response, 404, 'Not found');
  const type = contentType(file);
  const content = await readFile(file);
  const body = transform && type.startsWith('text/html') ? transform(content.toString('utf8')) : content;
  response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(body);
}

export function sendText(response: ServerResponse, status: number, text: string, type = 'text/plain; charset=utf-8'): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(text);
}

export function sendJson(response: ServerResponse, status: number, value: unknown): void {
  sendText(response, status, JSON.stringify(value), 'application/json; charset=utf-8');
}
