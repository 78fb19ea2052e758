// A module-level bridge outlives the SDK object it first started on: a test restores its simulator and
// installs another, a page reloads a script. The core starts an adapter once; the adapter keeps one start
// per SDK object, and a different object is started anew before it is used.

/** `start(sdk)` once per SDK object (again after it rejected); the promise for the object given. */
export function startPerSdk<S, R>(start: (sdk: S) => Promise<R>): (sdk: S) => Promise<R> {
  let current: { sdk: S; started: Promise<R> } | undefined;
  return (sdk) => {
    if (current?.sdk === sdk) return current.started;
    const started = start(sdk);
    const mine = { sdk, started };
    current = mine;
    started.catch(() => {
      if (current === mine) current = undefined;
    });
    return started;
  };
}
