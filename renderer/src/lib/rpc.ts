/**
 * The renderer's only door to the app. In the desktop shell it goes through the preload's `window.api`;
 * in a browser served by the loopback web host it posts to `/rpc/<channel>` with the launch token.
 */
import type { Contract, InputOf, OutputOf } from '../../../shared/rpc/contract';
import type { Envelope, ErrorKind } from '../../../shared/rpc/envelope';

declare global {
  interface Window {
    api?: { invoke(channel: string, input: unknown): Promise<Envelope<unknown>> };
  }
}

export class RpcError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'tonghop-token';

/** Takes the token from `#token=…` once, keeps it for this tab, and clears it from the address bar. */
function token(): string | null {
  const m = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, m[1]);
    history.replaceState(null, '', window.location.pathname + '#/');
  }
  return sessionStorage.getItem(TOKEN_KEY);
}
token();

async function viaHttp(channel: string, input: unknown): Promise<Envelope<unknown>> {
  let res: Response;
  try {
    res = await fetch(`/rpc/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tonghop-token': token() ?? '' },
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    return { ok: false, error: { kind: 'Internal', message: 'Mất kết nối với ứng dụng. Hãy kiểm tra cửa sổ dòng lệnh đang chạy “npm run web”.' } };
  }
  try {
    return (await res.json()) as Envelope<unknown>;
  } catch {
    return { ok: false, error: { kind: 'Internal', message: `Ứng dụng trả lời không hợp lệ (mã ${res.status}).` } };
  }
}

let inFlight = 0;
let settled: (() => void)[] = [];

/** Runs `fn` once no call is waiting for its answer (at once when none is). */
export function whenCallsSettled(fn: () => void): void {
  if (inFlight === 0) fn();
  else settled.push(fn);
}

/** Calls one contract; resolves with its output or rejects with an RpcError carrying a Vietnamese message. */
export async function call<C extends Contract>(c: C, input: InputOf<C>): Promise<OutputOf<C>> {
  inFlight++;
  let env: Envelope<unknown>;
  try {
    env = window.api ? await window.api.invoke(c.channel, input) : await viaHttp(c.channel, input);
  } finally {
    if (--inFlight === 0) {
      const waiting = settled;
      settled = [];
      waiting.forEach((fn) => fn());
    }
  }
  if (!env.ok) throw new RpcError(env.error.kind, env.error.message);
  return env.value as OutputOf<C>;
}
