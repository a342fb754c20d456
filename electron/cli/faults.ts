/** The command line's last word on an error: SQLite and file-system faults in Vietnamese, never SQLite's English. */
import { asAppError } from '../core/faults/messages';

export function cliMessage(e: unknown): string {
  return asAppError(e)?.message ?? (e as Error).message;
}
