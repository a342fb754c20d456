/** The Vietnamese application menu. */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  chooseWorkspace: () => void | Promise<void>;
  openWorkspace: () => void;
  reload: () => void;
  about: () => void;
}

export function buildMenuTemplate(a: MenuActions): MenuItemConstructorOptions[] {
  return [
    {
      label: 'Tệp',
      submenu: [
        { label: 'Chọn thư mục làm việc…', accelerator: 'CmdOrCtrl+O', click: () => void a.chooseWorkspace() },
        { label: 'Mở thư mục làm việc', click: a.openWorkspace },
        { type: 'separator' },
        { label: 'Thoát', role: 'quit' },
      ],
    },
    {
      label: 'Sửa',
      submenu: [
        { label: 'Hoàn tác', role: 'undo' },
        { label: 'Làm lại', role: 'redo' },
        { type: 'separator' },
        { label: 'Cắt', role: 'cut' },
        { label: 'Sao chép', role: 'copy' },
        { label: 'Dán', role: 'paste' },
        { label: 'Chọn tất cả', role: 'selectAll' },
      ],
    },
    {
      label: 'Xem',
      submenu: [
        { label: 'Tải lại', accelerator: 'CmdOrCtrl+R', click: a.reload },
        { type: 'separator' },
        { label: 'Phóng to', role: 'zoomIn' },
        { label: 'Thu nhỏ', role: 'zoomOut' },
        { label: 'Cỡ chữ mặc định', role: 'resetZoom' },
        { type: 'separator' },
        { label: 'Toàn màn hình', role: 'togglefullscreen' },
      ],
    },
    { label: 'Trợ giúp', submenu: [{ label: 'Giới thiệu', click: a.about }] },
  ];
}
