// The unsaved-changes store behind every editing screen: who is asked, what "Lưu / Không lưu / Ở lại" do.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Scope, confirmLeave, hasUnsaved, joinLabels, markUnsaved, pendingQuestion, saveFocused, subscribeUnsaved, unsavedSources } from '../../renderer/src/lib/unsaved-store';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
const mark = (label: string, save: () => boolean | Promise<boolean> = () => true, extra: { discard?: () => void; scope?: () => Scope | null } = {}) => {
  const k = Symbol(label);
  const off = markUnsaved(k, { label, save, ...extra });
  cleanups.push(off);
  return { k, off };
};

describe('unsaved changes', () => {
  it('lets the user leave without a question when nothing is unsaved', async () => {
    expect(hasUnsaved()).toBe(false);
    await expect(confirmLeave()).resolves.toBe(true);
    expect(pendingQuestion()).toBeNull();
  });

  it('names every unsaved place in the question, oldest first, once each', async () => {
    mark('Cài đặt');
    mark('lời văn mục 2.1. Kết quả');
    mark('Cài đặt');
    expect(joinLabels(unsavedSources().map((s) => s.label))).toBe('Cài đặt và lời văn mục 2.1. Kết quả');
    expect(joinLabels(['A', 'B', 'C'])).toBe('A, B và C');
    const seen = vi.fn();
    const off = subscribeUnsaved(seen);
    const leave = confirmLeave();
    expect(pendingQuestion()?.labels).toEqual(['Cài đặt', 'lời văn mục 2.1. Kết quả', 'Cài đặt']);
    expect(seen).toHaveBeenCalled();
    // A second navigation while asking shares the question.
    expect(confirmLeave()).toBe(leave);
    pendingQuestion()!.answer('stay');
    await expect(leave).resolves.toBe(false);
    expect(pendingQuestion()).toBeNull();
    off();
  });

  it('"Lưu" saves every source and leaves only when all saved', async () => {
    const a = vi.fn(() => true);
    const b = vi.fn(async () => false);
    mark('A', a);
    const { off } = mark('B', b);
    let leave = confirmLeave();
    pendingQuestion()!.answer('save');
    await expect(leave).resolves.toBe(false);
    expect(a).toHaveBeenCalledOnce();
    expect(b).toHaveBeenCalledOnce();
    off();
    leave = confirmLeave();
    pendingQuestion()!.answer('save');
    await expect(leave).resolves.toBe(true);
  });

  it('a save that throws keeps the user on the page', async () => {
    mark('A', () => {
      throw new Error('Chưa lưu được');
    });
    const leave = confirmLeave();
    pendingQuestion()!.answer('save');
    await expect(leave).resolves.toBe(false);
  });

  it('"Không lưu" discards without saving and leaves', async () => {
    const save = vi.fn(() => true);
    const discard = vi.fn();
    mark('A', save, { discard });
    const leave = confirmLeave();
    pendingQuestion()!.answer('discard');
    await expect(leave).resolves.toBe(true);
    expect(save).not.toHaveBeenCalled();
    expect(discard).toHaveBeenCalledOnce();
  });

  it('Ctrl+S saves the source the focus is in, or all of them when the focus is elsewhere', async () => {
    const inside = { id: "field" };
    const scopeA = { contains: (e: unknown) => e === inside };
    const a = vi.fn(() => true);
    const b = vi.fn(() => true);
    mark('A', a, { scope: () => scopeA });
    mark('B', b);
    expect(await saveFocused(inside)).toBe(1);
    expect(a).toHaveBeenCalledOnce();
    expect(b).not.toHaveBeenCalled();
    expect(await saveFocused(null)).toBe(2);
    expect(b).toHaveBeenCalledOnce();
  });

  it('unregistering clears the unsaved state', () => {
    const { off } = mark('A');
    expect(hasUnsaved()).toBe(true);
    off();
    expect(hasUnsaved()).toBe(false);
  });
});
