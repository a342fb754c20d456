/** The running app: host, version, workspace. */
import type { AppInfoDto } from '../../../shared/rpc/app';
import { AppError } from '../../../shared/rpc/envelope';
import type { CoreContext } from '../context';
import { Workspace } from '../workspace/workspace';
import { applyIdentity } from './identity';

export function appInfo(ctx: CoreContext): AppInfoDto {
  return {
    host: ctx.host === 'electron' ? 'electron' : 'web',
    version: ctx.version,
    workspace: ctx.workspace?.dir ?? null,
    actor: ctx.actor,
  };
}

/** Desktop: asks for a folder, switches to it and remembers it. The web host fixes the folder at launch. */
export async function chooseWorkspace(ctx: CoreContext): Promise<AppInfoDto> {
  const choose = ctx.platform.chooseWorkspaceFolder;
  if (!choose) {
    throw new AppError(
      'Precondition',
      'Bản chạy trên trình duyệt dùng thư mục làm việc đã chọn khi khởi động (npm run web -- --workspace THƯ_MỤC).',
    );
  }
  const dir = await choose();
  if (dir) {
    const next = Workspace.prepare(dir, ctx.dbOptions, { host: ctx.host, actor: ctx.actor });
    ctx.workspace?.close();
    ctx.workspace = next;
    // The name and role chosen on this machine for that workspace sign the records from now on.
    applyIdentity(ctx);
    ctx.platform.onWorkspaceChanged?.(dir);
  }
  return appInfo(ctx);
}
