// One vendor init() per page, shared by the widget and every adapter: zf_sdk.js answers each
// extension.init() on the next Load only (the host sends one per page), and Zoho CRM's 2018 SDK build makes
// a new SDK on every embeddedApp.init(). The shared init sits on the SDK object under a registered symbol,
// so every copy of this library finds it.

export type SharedInit = (() => Promise<unknown>) & { started?: boolean };

type Owner = { init(): unknown; [key: symbol]: SharedInit | undefined };

/** Makes `owner.init` hand every caller the first call's promise (until it rejects); returns that init. */
export function shareInit(owner: { init(): unknown }, key: symbol): SharedInit {
  const target = owner as Owner;
  const installed = target[key];
  if (installed) return installed;
  const original = target.init;
  let first: Promise<unknown> | undefined;
  const init: SharedInit = () => {
    init.started = true;
    return (first ??= Promise.resolve(original.call(target)).catch((reason: unknown) => {
      first = undefined;
      throw reason;
    }));
  };
  try {
    Object.defineProperty(target, key, { value: init });
    target.init = init;
  } catch {
    // A frozen SDK object: calls go to its own init, unshared.
    return () => Promise.resolve(original.call(target));
  }
  return init;
}

/** Whether any init() (the widget's or an adapter's) went through the shared one. */
export const initShared = (owner: { init(): unknown }, key: symbol): boolean => Boolean((owner as Owner)[key]?.started);
