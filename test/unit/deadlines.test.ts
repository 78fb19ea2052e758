// The bridge's deadlines share one timer: one setTimeout per burst or per idle period, not per request.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deadlines as makeDeadlines } from '../../src/deadline.js';
import { createBridge } from '../../src/index.js';
import { memoryAdapter } from '../support/memory-adapter.js';

describe('Deadlines', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('fires each deadline at its time, across durations, and not the cancelled ones', async () => {
    const deadlines = makeDeadlines();
    const fired: string[] = [];
    deadlines.add(300, () => fired.push('a300'));
    const cancel = deadlines.add(100, () => fired.push('cancelled'));
    deadlines.add(200, () => fired.push('b200'));
    await vi.advanceTimersByTimeAsync(50);
    deadlines.add(100, () => fired.push('c150'));
    cancel();
    await vi.advanceTimersByTimeAsync(99);
    expect(fired).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(fired).toEqual(['c150']);
    await vi.advanceTimersByTimeAsync(50);
    expect(fired).toEqual(['c150', 'b200']);
    await vi.advanceTimersByTimeAsync(100);
    expect(fired).toEqual(['c150', 'b200', 'a300']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('arms one timer for a thousand pending deadlines of the same duration', async () => {
    const deadlines = makeDeadlines();
    let fired = 0;
    for (let i = 0; i < 1000; i++) deadlines.add(1000, () => fired++);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(fired).toBe(1000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('lets sequential requests share the timer instead of arming one each', async () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const bridge = createBridge({ adapter: memoryAdapter(), timeout: 5000 });
    for (let i = 0; i < 100; i++) await bridge.request({ connection: 'c', url: 'https://x.test/' });
    expect(setTimeoutSpy).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(vi.getTimerCount()).toBe(0);
    setTimeoutSpy.mockRestore();
  });

  it('clear() releases the timer at once and drops every deadline', async () => {
    const deadlines = makeDeadlines();
    const fire = vi.fn();
    deadlines.add(100, fire);
    deadlines.clear();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(fire).not.toHaveBeenCalled();
  });
});
