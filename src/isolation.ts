/**
 * Cross-origin isolation on hosts that cannot set headers. The WASM backend needs it for threads.
 * `npm start` / `npm run dev` send the headers themselves, so this does nothing there. Elsewhere it
 * registers public/isolation-sw.js, and reloads once when that worker first takes control (the
 * page that registered it was served without the headers). It never reloads twice in a row: if a
 * browser still refuses isolation, the notebook runs on one thread, as before.
 */
const FLAG = 'nb.isolationReload';

export function ensureIsolation(): void {
  if (typeof window === 'undefined' || window.crossOriginIsolated) return;
  if (!window.isSecureContext || !('serviceWorker' in navigator)) return;
  const reloadedAlready = sessionStorageGet(FLAG) === '1';
  navigator.serviceWorker
    .register(new URL('./isolation-sw.js', document.baseURI), { scope: './' })
    .then(() => {
      if (reloadedAlready) return;
      const reload = () => {
        sessionStorageSet(FLAG, '1');
        window.location.reload();
      };
      if (navigator.serviceWorker.controller) reload(); // controlled, yet not isolated: this page predates it
      else navigator.serviceWorker.addEventListener('controllerchange', reload, { once: true });
    })
    .catch(() => undefined); // no service worker: one thread
}

function sessionStorageGet(k: string): string | null {
  try {
    return sessionStorage.getItem(k);
  } catch {
    return null;
  }
}

function sessionStorageSet(k: string, v: string): void {
  try {
    sessionStorage.setItem(k, v);
  } catch {
    /* storage off: the reload guard falls back to one attempt per page load */
  }
}
