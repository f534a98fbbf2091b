/**
 * Registers the notebook's service worker (public/sw.js): cross-origin isolation on hosts that
 * cannot set headers (the WASM backend needs it for threads), and, in a production build, the
 * offline copy of the page, its bundles and the data the cells have downloaded.
 * `npm start` / `npm run dev` send the isolation headers themselves. Elsewhere the page reloads once
 * when the worker first takes control (the page that registered it was served without the headers).
 * It never reloads twice in a row: if a browser still refuses isolation, the notebook runs on one
 * thread, as before.
 */
const FLAG = 'nb.isolationReload';

export function registerServiceWorker(): void {
  if (typeof window === 'undefined' || !window.isSecureContext || !('serviceWorker' in navigator)) return;
  const isolated = window.crossOriginIsolated;
  // `npm run dev` is isolated by its headers and has no offline list: no worker on a dev port.
  if (!import.meta.env.PROD && isolated) return;
  const reloadedAlready = sessionStorageGet(FLAG) === '1';
  navigator.serviceWorker
    .register(new URL('./sw.js', document.baseURI), { scope: './' })
    .then(() => {
      if (isolated || reloadedAlready) return;
      const reload = () => {
        sessionStorageSet(FLAG, '1');
        window.location.reload();
      };
      if (navigator.serviceWorker.controller) reload(); // controlled, yet not isolated: this page predates it
      else navigator.serviceWorker.addEventListener('controllerchange', reload, { once: true });
    })
    .catch(() => undefined); // no service worker: one thread, nothing offline
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
