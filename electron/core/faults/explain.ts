/** A host-level fault explained with what the workspace knows (read-only folder, open on another computer). */
import type { AppError } from '../../../shared/rpc/envelope';
import type { CoreContext } from '../context';
import { asAppError, classify, type FaultContext } from './messages';

/**
 * The Vietnamese AppError for any failure of a call, or null for a real bug. A write refused because this instance
 * is read-only says why: the workspace is open elsewhere (named), or the folder cannot be written.
 */
export function explainFault(ctx: CoreContext, e: unknown, fault: FaultContext = {}): AppError | null {
  const ws = ctx.workspace;
  if (ws?.readOnly && classify(e)?.cls === 'readonly') return ws.readOnlyError(fault.notSaved ?? 'thao tác này chưa được lưu');
  return asAppError(e, { dir: ws?.dir, ...fault });
}
