/*
 * A service worker with one job: make the notebook cross-origin isolated on static hosts that
 * cannot send headers (GitHub Pages and the like). Cross-origin isolation is what lets the WASM
 * backend train on several threads (SharedArrayBuffer). It re-serves this site's own responses
 * with the two headers the servers of `npm start` and `npm run dev` already send; nothing is
 * cached, nothing else is changed. Registered by src/isolation.ts only where isolation is missing.
 */
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  // Only this site's own files: everything the notebook loads comes from its origin.
  if (new URL(request.url).origin !== self.location.origin) return;
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(
    fetch(request).then((response) => {
      if (response.status === 0 || response.type === 'opaque') return response;
      const headers = new Headers(response.headers);
      headers.set('Cross-Origin-Opener-Policy', 'same-origin');
      headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
      return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
    }),
  );
});
