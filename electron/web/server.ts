/**
 * The loopback web host: serves the built renderer and maps `POST /rpc/<channel>` to the core's dispatcher.
 * Listens on 127.0.0.1 only, on a random port, and refuses any call without the per-launch token, with a foreign
 * Host (DNS rebinding) or with a foreign Origin (another site in the same browser).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { dispatch, type CoreContext } from '../core';
import { CSP } from './csp';

export const TOKEN_HEADER = 'x-tonghop-token';
/** The largest call is a batch of returns as base64 (one return may be 20 MB); larger bodies are refused unread. */
export const MAX_BODY = 64 * 1024 * 1024;
/** Bodies being received at once, in all; past it a call is asked to retry, so the host never balloons. */
export const MAX_BODIES_IN_FLIGHT = 128 * 1024 * 1024;
/** Headers must arrive within this, the whole request (with its body) within REQUEST_TIMEOUT_MS. */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 60_000;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export interface WebHost {
  url: string;
  port: number;
  token: string;
  server: Server;
  close(): Promise<void>;
}

export interface WebHostOptions {
  ctx: CoreContext;
  rendererDir: string;
  port?: number;
  token?: string;
  log?: (line: string) => void;
  /** Overrides of HEADERS_TIMEOUT_MS and REQUEST_TIMEOUT_MS (tests use short ones). */
  timeouts?: { headersMs: number; requestMs: number };
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json; charset=utf-8'): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': CSP,
    'referrer-policy': 'no-referrer',
  });
  res.end(body);
}

function refuse(res: ServerResponse, status: number, message: string): void {
  send(res, status, JSON.stringify({ ok: false, error: { kind: 'Forbidden', message } }));
}

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

class BodyTooLarge extends Error {}

let inFlight = 0;

/** Reads a body of at most MAX_BODY bytes, counted as it arrives (a chunked body declares no length). */
async function readBody(req: IncomingMessage, declared: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  inFlight += declared;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) throw new BodyTooLarge();
      chunks.push(chunk as Buffer);
    }
  } finally {
    inFlight -= declared;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Answers and closes the connection without reading the rest of the body. */
function refuseBody(res: ServerResponse, status: number, message: string): void {
  res.setHeader('connection', 'close');
  send(res, status, JSON.stringify({ ok: false, error: { kind: 'Validation', message } }));
}

const TOO_LARGE = `Dữ liệu gửi lên quá lớn (tối đa ${MAX_BODY / 1024 / 1024} MB mỗi lần), chưa lưu gì. Hãy gửi ít tệp hơn trong một lần.`;

/** A percent-encoded path that does not decode (e.g. "%E0%A4%A") is a bad request, not an internal error. */
function decodePath(p: string): string | null {
  try {
    return decodeURIComponent(p);
  } catch {
    return null;
  }
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const root = resolve(opts.rendererDir);
  const log = opts.log ?? ((l: string) => console.error(l));
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Phương thức không được phép.');
    const decoded = decodePath(pathname);
    if (decoded === null) return send(res, 400, 'Đường dẫn không hợp lệ.', 'text/plain; charset=utf-8');
    const rel = normalize(decoded).replace(/^([/\\])+/, '');
    let file = join(root, rel || 'index.html');
    if (file !== root && !file.startsWith(root + sep)) return refuse(res, 403, 'Đường dẫn không hợp lệ.');
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      // Read before writing the head, so a missing file still gets a clean 404.
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': MIME[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': CSP,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': extname(file) === '.html' ? 'no-store' : 'max-age=3600',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      send(res, 404, 'Không tìm thấy.', 'text/plain; charset=utf-8');
    }
  }

  const timeouts = opts.timeouts ?? { headersMs: HEADERS_TIMEOUT_MS, requestMs: REQUEST_TIMEOUT_MS };
  // Node checks the timeouts on this interval; a tenth of the shortest keeps the cut-off close to the limit.
  const server = createServer({ connectionsCheckingInterval: Math.max(100, Math.min(timeouts.headersMs, timeouts.requestMs) / 10) }, (req, res) => {
    void (async () => {
      // DNS rebinding: a page on another name resolving to 127.0.0.1 would carry its own Host.
      if (!allowedHosts.has(req.headers.host ?? '')) return refuse(res, 403, 'Máy chủ không hợp lệ.');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (!url.pathname.startsWith('/rpc/')) return serveStatic(req, res, url.pathname);
      if (req.method !== 'POST') return refuse(res, 405, 'Chỉ nhận yêu cầu POST.');
      const origin = req.headers.origin;
      if (!origin || !allowedOrigins.has(origin)) return refuse(res, 403, 'Nguồn gọi không hợp lệ.');
      const given = req.headers[TOKEN_HEADER];
      if (!sameToken(Array.isArray(given) ? given[0] : given, token))
        return refuse(res, 401, 'Thiếu hoặc sai mã phiên làm việc. Hãy mở lại ứng dụng bằng đường dẫn được in ra khi khởi động.');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
        return refuse(res, 415, 'Yêu cầu phải là JSON.');
      const channel = decodePath(url.pathname.slice('/rpc/'.length));
      if (channel === null) return refuseBody(res, 400, 'Đường dẫn không hợp lệ.');
      // Refused before a byte of the body is read: a declared length over the limit, or too much arriving at once.
      const declared = Number(req.headers['content-length'] ?? 0);
      if (!Number.isFinite(declared) || declared > MAX_BODY) return refuseBody(res, 413, TOO_LARGE);
      if (inFlight + declared > MAX_BODIES_IN_FLIGHT)
        return refuseBody(res, 503, 'Ứng dụng đang nhận nhiều dữ liệu cùng lúc, chưa lưu gì từ yêu cầu này; hãy thử lại sau giây lát.');
      let input: unknown;
      try {
        const text = await readBody(req, declared);
        input = text ? JSON.parse(text) : {};
      } catch (e) {
        if (e instanceof BodyTooLarge) return refuseBody(res, 413, TOO_LARGE);
        return send(res, 400, JSON.stringify({ ok: false, error: { kind: 'Validation', message: 'Dữ liệu gửi lên không đọc được.' } }));
      }
      const envelope = await dispatch(opts.ctx, channel, input, log);
      send(res, 200, JSON.stringify(envelope));
    })().catch((e: unknown) => {
      log(`[web] ${(e as Error).stack ?? String(e)}`);
      if (!res.headersSent) send(res, 500, JSON.stringify({ ok: false, error: { kind: 'Internal', message: 'Lỗi nội bộ.' } }));
    });
  });

  // A client that sends its headers or body slowly (or never) is cut off instead of holding a socket for minutes.
  server.headersTimeout = timeouts.headersMs;
  server.requestTimeout = timeouts.requestMs;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  const url = `http://127.0.0.1:${port}/#token=${token}`;
  return {
    url,
    port,
    token,
    server,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
