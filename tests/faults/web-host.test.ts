/**
 * The loopback host under a busy or hostile client: bodies over the limit refused before they are read, slow
 * headers and slow bodies cut off, an undecodable URL answered 400.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { rmSync } from 'node:fs';
import { closeCore, createCore, type CoreContext } from '../../electron/core';
import { MAX_BODY, startWebHost, TOKEN_HEADER, type WebHost } from '../../electron/web/server';
import { RENDERER_DIR } from '../support/web-host';
import { tempWorkspace } from './support';

let host: WebHost;
let ctx: CoreContext;
let dir: string;
beforeAll(async () => {
  dir = tempWorkspace();
  ctx = createCore({ host: 'web', workspaceDir: dir, actor: 'kiểm thử' });
  host = await startWebHost({ ctx, rendererDir: RENDERER_DIR, log: () => undefined, timeouts: { headersMs: 800, requestMs: 1500 } });
});
afterAll(async () => {
  await host.close();
  closeCore(ctx);
  rmSync(dir, { recursive: true, force: true });
});

/** Sends raw bytes; resolves with what the server answered and how long until it closed the connection. */
function raw(chunks: (string | Buffer)[], opts: { holdOpenMs?: number } = {}): Promise<{ text: string; ms: number }> {
  return new Promise((ok, fail) => {
    const t0 = Date.now();
    const s = connect(host.port, '127.0.0.1');
    let text = '';
    s.on('data', (d) => (text += d.toString('utf8')));
    s.on('error', () => undefined);
    s.on('close', () => ok({ text, ms: Date.now() - t0 }));
    s.on('connect', () => {
      for (const c of chunks) s.write(c);
      if (opts.holdOpenMs === undefined) return;
      setTimeout(() => {
        s.destroy();
        fail(new Error(`still open after ${opts.holdOpenMs} ms`));
      }, opts.holdOpenMs);
    });
  });
}

const head = (path: string, extra: string) =>
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nOrigin: http://127.0.0.1:${host.port}\r\n${TOKEN_HEADER}: ${host.token}\r\ncontent-type: application/json\r\n${extra}\r\n`;

describe('the web host', () => {
  it('refuses a body declared over the limit at once, without reading it', async () => {
    const r = await raw([head('/rpc/years:list', `content-length: ${MAX_BODY + 1}\r\n`), '{"a":'], { holdOpenMs: 5000 });
    expect(r.text).toMatch(/^HTTP\/1\.1 413/);
    expect(r.text).toMatch(/quá lớn \(tối đa 64 MB mỗi lần\), chưa lưu gì/);
    expect(r.ms).toBeLessThan(1000);
  });

  it('refuses a chunked body once it passes the limit', async () => {
    const chunk = Buffer.alloc(8 * 1024 * 1024, 0x20);
    const parts: (string | Buffer)[] = [head('/rpc/years:list', 'transfer-encoding: chunked\r\n')];
    for (let i = 0; i < 9; i++) parts.push(`${chunk.length.toString(16)}\r\n`, chunk, '\r\n');
    const r = await raw(parts, { holdOpenMs: 10_000 });
    expect(r.text).toMatch(/^HTTP\/1\.1 413/);
  }, 20_000);

  it('cuts off a client whose headers never end', async () => {
    const r = await raw([`POST /rpc/years:list HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n`], { holdOpenMs: 5000 });
    expect(r.ms).toBeLessThan(3000);
  });

  it('cuts off a body that arrives too slowly', async () => {
    const r = await raw([head('/rpc/years:list', 'content-length: 1000\r\n'), '{"a":'], { holdOpenMs: 6000 });
    expect(r.ms).toBeGreaterThanOrEqual(1400);
    expect(r.ms).toBeLessThan(4000);
  });

  it('answers 400 to an undecodable URL, on a page and on a call', async () => {
    const page = await fetch(`http://127.0.0.1:${host.port}/%E0%A4%A`);
    expect(page.status).toBe(400);
    const call = await fetch(`http://127.0.0.1:${host.port}/rpc/%E0%A4%A`, {
      method: 'POST',
      headers: { origin: `http://127.0.0.1:${host.port}`, [TOKEN_HEADER]: host.token, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(call.status).toBe(400);
    expect(await call.text()).toMatch(/Đường dẫn không hợp lệ/);
  });

  it('still answers a normal call afterwards', async () => {
    const r = await fetch(`http://127.0.0.1:${host.port}/rpc/years:list`, {
      method: 'POST',
      headers: { origin: `http://127.0.0.1:${host.port}`, [TOKEN_HEADER]: host.token, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await r.json()).toEqual({ ok: true, value: [] });
  });
});
