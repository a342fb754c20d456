/** Failures as envelope errors, the same for a call answered at once and for a job that ends later. */
import { z } from 'zod';
import { AppError, describeIssues, type RpcErrorBody } from '../../../shared/rpc/envelope';
import type { CoreContext } from '../context';
import { explainFault } from '../faults/explain';

export type Logger = (line: string) => void;

/** The envelope error of a failure: a service's own message, a zod issue, a known fault, or an internal error (logged). */
export function errorBody(ctx: CoreContext, channel: string, e: unknown, log: Logger): RpcErrorBody {
  if (e instanceof AppError) return { kind: e.kind, message: e.message };
  if (e instanceof z.ZodError) return { kind: 'Validation', message: `Dữ liệu không hợp lệ: ${describeIssues(e.issues)}` };
  const fault = explainFault(ctx, e);
  if (fault) {
    log(`[rpc] ${channel}: ${(e as Error).message}`);
    return { kind: fault.kind, message: fault.message };
  }
  log(`[rpc] ${channel}: ${(e as Error).stack ?? String(e)}`);
  // The JavaScript message is for the log, not for the clerk.
  return {
    kind: 'Internal',
    message: 'Lỗi nội bộ, thao tác chưa được thực hiện và chưa lưu gì. Chi tiết kỹ thuật đã được ghi vào nhật ký của ứng dụng; hãy thử lại, nếu vẫn lỗi hãy báo cho người hỗ trợ.',
  };
}
