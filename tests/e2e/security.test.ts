import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { allChannels, rpc } from '../../shared/rpc';
import { launchChromium } from '../support/chromium';
import { startTestHost, type TestHost } from '../support/web-host';

let host: TestHost;
let browser: Browser;
let foreign: Server;
let foreignUrl: string;

function post(channel: string, headers: Record<string, string>, body = '{"year":2024}'): Promise<{ status: number; body: string }> {
  return new Promise((ok, fail) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, method: 'POST', path: `/rpc/${channel}`, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let data = '';
        res.on('data', (c) => (data += c));
        res.on('end', () => ok({ status: res.statusCode ?? 0, body: data }));
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

beforeAll(async () => {
  host = await startTestHost();
  browser = await launchChromium();
  // Another site open in the same browser, trying to reach the app.
  foreign = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><body>trang khác</body></html>');
  });
  await new Promise<void>((ok) => foreign.listen(0, '127.0.0.1', ok));
  foreignUrl = `http://localhost:${(foreign.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await browser?.close();
  await host?.stop();
  await new Promise((ok) => foreign.close(ok));
});

describe('the web host refuses every call', () => {
  const own = () => ({ host: `127.0.0.1:${host.port}`, origin: `http://127.0.0.1:${host.port}` });

  it('accepts a call with the token, the right Host and the right Origin (control)', async () => {
    const r = await post(rpc.years.list.channel, { ...own(), 'x-tonghop-token': host.token }, '{}');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true, value: [] });
  });

  it.each(allChannels)('without the token: %s', async (channel) => {
    const r = await post(channel, own());
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body).error.kind).toBe('Forbidden');
    // The token with its last character changed (it is random: 'x' could be the last one already).
    const last = host.token.at(-1) === 'x' ? 'y' : 'x';
    const wrong = await post(channel, { ...own(), 'x-tonghop-token': host.token.slice(0, -1) + last });
    expect(wrong.status).toBe(401);
  });

  it.each(allChannels)('with a foreign Host: %s', async (channel) => {
    const r = await post(channel, { ...own(), host: `evil.example:${host.port}`, 'x-tonghop-token': host.token });
    expect(r.status).toBe(403);
  });

  it.each(allChannels)('with a foreign Origin: %s', async (channel) => {
    const r = await post(channel, { ...own(), origin: 'http://evil.example', 'x-tonghop-token': host.token });
    expect(r.status).toBe(403);
    const none = await post(channel, { host: own().host, 'x-tonghop-token': host.token });
    expect(none.status).toBe(403);
  });

  it('nothing was created by the refused calls', async () => {
    const r = await post(rpc.years.list.channel, { ...own(), 'x-tonghop-token': host.token }, '{}');
    expect(JSON.parse(r.body)).toEqual({ ok: true, value: [] });
  });

  it('a page of another site in Chromium cannot create a year, even knowing the token', async () => {
    const page = await browser.newPage();
    await page.goto(foreignUrl);
    const outcome = await page.evaluate(
      async ([url, token]) => {
        try {
          const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-tonghop-token': token }, body: '{"year":2024}' });
          return `status ${r.status}`;
        } catch (e) {
          return `blocked ${(e as Error).message}`;
        }
      },
      [`http://127.0.0.1:${host.port}/rpc/years:create`, host.token] as const,
    );
    expect(outcome).toMatch(/blocked|status 403/);
    // A "simple" no-cors request reaches the server but still is refused.
    await page.evaluate(async (url) => {
      await fetch(url, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{"year":2024}' }).catch(() => undefined);
    }, `http://127.0.0.1:${host.port}/rpc/years:create`);
    await page.close();
    expect(host.ctx.workspace!.listYears()).toEqual([]);
  });

  it('does not serve files outside the renderer folder', async () => {
    const r = await new Promise<number>((ok) => {
      request({ host: '127.0.0.1', port: host.port, path: '/../../package.json', headers: { host: own().host } }, (res) => {
        res.resume();
        ok(res.statusCode ?? 0);
      }).end();
    });
    expect([403, 404]).toContain(r);
  });

  it('listens on the loopback address only', () => {
    const addr = host.server.address() as AddressInfo;
    expect(addr.address).toBe('127.0.0.1');
  });
});
