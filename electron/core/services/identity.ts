/**
 * Who is at this machine: a display name and a role (chuyên viên, lãnh đạo, văn thư), chosen once per machine and
 * kept per workspace in `tonghop-nguoi-dung.json` (keyed by the computer's name, so the clerk's and the leader's
 * computers sharing a folder each keep their own). Every record the app writes then carries "Name (Role)" instead
 * of the OS account. This is not security: the files are on the clerk's machine and anyone can choose any name.
 */
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { actorText, ROLES, type Actor } from '../../../shared/review/workflow';
import { requireWorkspace, type CoreContext } from '../context';
import { writeFileAtomic } from '../faults/atomic';

export const IDENTITY_FILE = 'tonghop-nguoi-dung.json';

const Stored = z.object({ machines: z.record(z.string(), z.object({ name: z.string(), role: z.enum(ROLES), at: z.string() })) });
type Stored = z.infer<typeof Stored>;

function machine(): string {
  try {
    return hostname() || 'may-nay';
  } catch {
    return 'may-nay';
  }
}

function readStored(dir: string): Stored {
  const file = join(dir, IDENTITY_FILE);
  if (!existsSync(file)) return { machines: {} };
  try {
    return Stored.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    // A damaged file is chosen again rather than trusted.
    return { machines: {} };
  }
}

/** The identity chosen on this machine for the workspace, or null. */
export function identityOf(ctx: CoreContext): Actor | null {
  if (!ctx.workspace) return null;
  const m = readStored(ctx.workspace.dir).machines[machine()];
  return m ? { name: m.name, role: m.role } : null;
}

/** Records the identity for this machine and makes it the actor of every later write. */
export function setIdentity(ctx: CoreContext, who: Actor): Actor {
  const ws = requireWorkspace(ctx);
  const stored = readStored(ws.dir);
  stored.machines[machine()] = { name: who.name.trim(), role: who.role, at: ctx.now() };
  writeFileAtomic(join(ws.dir, IDENTITY_FILE), Buffer.from(JSON.stringify(stored, null, 2), 'utf8'), 'chưa lưu tên và vai trò');
  const me = { name: who.name.trim(), role: who.role };
  ctx.actor = actorText(me);
  return me;
}

/** At start (or after the workspace changed): the chosen identity becomes the actor, when there is one. */
export function applyIdentity(ctx: CoreContext): void {
  const me = identityOf(ctx);
  if (me) ctx.actor = actorText(me);
}
