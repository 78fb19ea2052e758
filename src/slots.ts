// createBridge's `concurrency`: at most `limit` SDK calls hold a slot; the rest wait in call order. A waiting
// request that is settled (deadline, abort, destroy) leaves the queue. A bridge without a limit ships none of it.

export type Release = () => void;
export type TakeSlot = (signal: AbortSignal) => Release | Promise<Release>;

export function concurrency(limit: number): TakeSlot {
  let active = 0;
  const waiting: Array<() => void> = [];
  const slot = (): Release => {
    active++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      active--;
      waiting.shift()?.();
    };
  };
  return (signal) => {
    if (active < limit) return slot();
    return new Promise<Release>((resolve, reject) => {
      const start = () => {
        signal.removeEventListener('abort', leave);
        resolve(slot());
      };
      const leave = () => {
        waiting.splice(waiting.indexOf(start), 1);
        reject(signal.reason);
      };
      waiting.push(start);
      signal.addEventListener('abort', leave, { once: true });
    });
  };
}
