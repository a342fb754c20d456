/** The free-space estimate and refusal, with the disk's free space given by an injected statfs. */
import { describe, expect, it } from 'vitest';
import { ensureFreeSpace, freeBytes, importSpaceNeeded } from '../../electron/core/faults/space';

const MB = 1024 * 1024;
const disk = (freeMb: number) => () => ({ bavail: (freeMb * MB) / 4096, bsize: 4096 });

describe('free space before large work', () => {
  it('estimates an import as twice its files plus 1 MB', () => {
    expect(importSpaceNeeded(0)).toBe(MB);
    expect(importSpaceNeeded(100 * MB)).toBe(201 * MB);
  });

  it('refuses with what is free, what is needed and that nothing was saved', () => {
    expect(() => ensureFreeSpace('/x', importSpaceNeeded(100 * MB), 'chưa nhập tệp nào vào dữ liệu năm 2024', disk(50))).toThrow(
      'Ổ đĩa còn 50 MB, cần khoảng 201 MB: chưa lưu gì, chưa nhập tệp nào vào dữ liệu năm 2024; hãy giải phóng dung lượng rồi chạy lại. Dữ liệu đã lưu vẫn nguyên vẹn.',
    );
  });

  it('lets the work run when there is room, or when the system cannot tell', () => {
    expect(() => ensureFreeSpace('/x', 208 * MB, 'chưa làm gì', disk(208))).not.toThrow();
    const unknown = () => {
      throw new Error('ENOSYS');
    };
    expect(freeBytes('/x', unknown)).toBeNull();
    expect(() => ensureFreeSpace('/x', 208 * MB, 'chưa làm gì', unknown)).not.toThrow();
  });
});
