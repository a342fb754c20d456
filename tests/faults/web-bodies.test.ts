/**
 * Many large request bodies at once: the loopback host receives at most MAX_BODIES_IN_FLIGHT bytes of bodies at a
 * time and answers any call past it at once with 503 and a Vietnamese message, without reading its body, so
 * memory stays bounded; once bodies finish (or their clients give up) calls are accepted again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Socket } from 'node:net';
import { rmSync } from 'node:fs';
import { closeCore, createCore, type CoreContext } from '../../electron/core';
import { MAX_BODIES_IN_FLIGHT, MAX_BODY, startWebHost, TOKEN_HEADER, type WebHost } from '../../electron/web/server';
import { RENDERER_DIR } from '../support/web-host';
import { tempWorkspace } from './support';

let host: WebHost;
let ctx: CoreContext;
let dir: string;
beforeAll(async () => {
  dir = tempWorkspace();
  ctx = createCore({ host: 'web', workspaceDir: dir, actor: 'kiểm thử' });
  host = await startWebHost({ ctx, rendererDir: RENDERER_DIR, log: () => undefined, timeouts: { headersMs: 5000, requestMs: 20_000 } });
});
afterAll(async () => {
  await host.close();
  closeCore(ctx);
  rmSync(dir, { recursive: true, force: true });
});

const MB = 1024 * 1024;
const head = (length: number) =>
  `POST /rpc/years:list HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nOrigin: http://127.0.0.1:${host.port}\r\n${TOKEN_HEADER}: ${host.token}\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\n\r\n`;

/** A JSON body of exactly `length` bytes that years:list accepts (unknown keys are dropped). */
const body = (length: number) => `{"x":"${'a'.repeat(length - 8)}"}`;

interface Client {
  socket: Socket;
  answer: Promise<string>;
}

/** Opens a call declaring `length` bytes and sends `send` of them. */
function client(length: number, send: string): Client {
  const socket = connect(host.port, '127.0.0.1');
  const answer = new Promise<string>((ok) => {
    let text = '';
    socket.on('data', (d) => {
      text += d.toString('utf8');
      // The JSON answer is complete (plain, or as the last chunk of a chunked body); the connection may stay open.
      if (/\r\n\r\n[\s\S]*\}(\r\n0\r\n\r\n)?$/.test(text)) ok(text);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => ok(text));
  });
  socket.on('connect', () => socket.write(head(length) + send));
  return { socket, answer };
}

describe('bodies received at once', () => {
  it('refuses a call past the cap at once and accepts calls again once bodies end', async () => {
    const big = 60 * MB;
    expect(big).toBeLessThanOrEqual(MAX_BODY);
    expect(2 * big).toBeLessThanOrEqual(MAX_BODIES_IN_FLIGHT);
    expect(3 * big).toBeGreaterThan(MAX_BODIES_IN_FLIGHT);
    // Two clients start 60 MB bodies and stall: 120 MB are being received.
    const a = client(big, '{"x":"');
    const b = client(big, '{"x":"');
    await new Promise((r) => setTimeout(r, 200));
    // A third 60 MB body would pass the cap: answered at once, its body never read.
    const t0 = Date.now();
    const c = client(big, '{"x":"');
    const refused = await c.answer;
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(refused).toMatch(/^HTTP\/1\.1 503/);
    expect(refused).toContain('Ứng dụng đang nhận nhiều dữ liệu cùng lúc, chưa lưu gì từ yêu cầu này; hãy thử lại sau giây lát.');
    // A body that still fits under the cap is received and answered.
    const small = 4 * MB;
    const d = client(small, body(small));
    expect(await d.answer).toMatch(/^HTTP\/1\.1 200[\s\S]*"ok":true/);
    // The stalled clients give up; their share is freed and a 60 MB body is accepted again.
    a.socket.destroy();
    b.socket.destroy();
    await new Promise((r) => setTimeout(r, 200));
    // (Its body is being received: no answer comes until it ends, where before it was refused at once.)
    const e = client(big, '{"x":"');
    const early = await Promise.race([e.answer, new Promise<string>((r) => setTimeout(() => r('still receiving'), 600))]);
    expect(early).toBe('still receiving');
    c.socket.destroy();
    d.socket.destroy();
    e.socket.destroy();
  });
});
