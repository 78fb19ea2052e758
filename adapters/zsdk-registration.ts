// zf_sdk.js and the Sigma v3 script share ZSDK, which shows whether the host's Load has come:
// `window.ZSDK._getRootInstance()?.isRegistered()` (read in both scripts). A widget that initialised the SDK
// itself is registered, and a second init() would wait for a Load the host never sends again.

/** True once the host's `__REGISTER__` reached the page's ZSDK. */
export function zsdkRegistered(): boolean {
  try {
    const zsdk = (globalThis as { ZSDK?: { _getRootInstance?(): { isRegistered?(): unknown } | undefined } }).ZSDK;
    return zsdk?._getRootInstance?.()?.isRegistered?.() === true;
  } catch {
    return false;
  }
}
