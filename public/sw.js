/*
 * The notebook's service worker. Two jobs:
 *
 * 1. Cross-origin isolation on hosts that cannot send headers (GitHub Pages and the like): it
 *    re-serves this site's own responses with the two headers that `npm start` and `npm run dev`
 *    already send, which lets the WASM backend train on several threads (SharedArrayBuffer).
 *
 * 2. Offline after one visit (production builds only): the build (scripts/offline-plugin.ts)
 *    writes into this file the list of its files with their sizes and a version, the SHA-256 of
 *    every file's SHA-256 (the hashed bundles, tfjs's WASM binaries and the data manifests among
 *    them). On install the code (page, bundles, WASM) is copied into the cache named after that
 *    version; data files (MNIST, the Brown corpus) are kept when a cell has downloaded them in full.
 *    A response is kept only when its bytes are all there (its size is the build's size for it), so
 *    a failed or cut-off download is never kept. A new build has a new version: its worker replaces
 *    this one and deletes the old cache. Answers from the cache carry the X-Notebook-Offline header,
 *    so a cell can say that its data came from this browser's copy (src/core/assets.ts), and a copy
 *    the cell finds bad is deleted by it.
 */
self.__OFFLINE__ = null; // replaced by the build: { version, files: { path: size }, unzipped: { path: size }, precache: [path] }

const OFFLINE = self.__OFFLINE__;
const MARK = 'X-Notebook-Offline';
const SCOPE = new URL(self.registration.scope);
// Cache storage is per origin: the scope in the name keeps two copies of the site on one origin apart.
const MINE = (name) => name.startsWith('notebook-') && name.endsWith(`@${SCOPE.pathname}`);
const CACHE = OFFLINE ? `notebook-${OFFLINE.version}@${SCOPE.pathname}` : null;

/** The path of a URL of this site relative to the worker's scope ('' for the page itself). */
function pathOf(url) {
  return url.pathname.startsWith(SCOPE.pathname) ? decodeURIComponent(url.pathname.slice(SCOPE.pathname.length)) : null;
}

function expectedSize(path) {
  if (!OFFLINE) return undefined;
  return OFFLINE.files[path === '' ? 'index.html' : path];
}

/** A response with the isolation headers (and the offline mark when it comes from the cache). */
function withHeaders(response, body, fromCache) {
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  if (fromCache) headers.set(MARK, '1');
  else headers.delete(MARK);
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * Keep `bytes` as the copy of `path` only when it is complete: the build's size, or, for a .gz file
 * the server sent with Content-Encoding: gzip (which the browser undid), its size decompressed.
 */
async function keep(path, response, bytes) {
  if (!CACHE) return false;
  const n = bytes.byteLength;
  const encoded = response.headers.has('Content-Encoding');
  if (n !== expectedSize(path) && !(encoded && n === OFFLINE.unzipped[path])) return false;
  const kept = withHeaders(response, bytes, false);
  // The bytes are kept as received, decoded: no encoding or length of the wire is true of them.
  kept.headers.delete('Content-Encoding');
  kept.headers.delete('Content-Length');
  await (await caches.open(CACHE)).put(new URL(path, SCOPE).href, kept);
  return true;
}

async function precache() {
  for (const path of OFFLINE.precache) {
    try {
      const url = new URL(path, SCOPE).href;
      if (await (await caches.open(CACHE)).match(url)) continue;
      // A bundle whose name (and so content hash) an older build's cache already holds is copied over.
      const earlier = path.startsWith('assets/') ? await caches.match(url) : undefined;
      if (earlier && (await keep(path, earlier, await earlier.arrayBuffer()))) continue;
      const response = await fetch(url, { cache: 'no-cache' });
      if (response.ok) await keep(path, response, await response.arrayBuffer());
    } catch {
      /* offline or cut off: this file is kept later, when the page fetches it in full */
    }
  }
}

self.addEventListener('install', () => self.skipWaiting());

// Control the page at once (a host without isolation headers reloads it then: early, before the reader
// has started anything), then copy the bundles (never failing: what is not copied now is kept when the
// page first fetches it), then drop the older builds' caches of this copy of the site.
self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      await self.clients.claim();
      if (!CACHE) return;
      await precache();
      for (const name of await caches.keys()) if (MINE(name) && name !== CACHE) await caches.delete(name);
    })(),
  );
});

/** A file of the build: the cached copy, else the network (kept when complete, while it streams to the page). */
async function buildFile(event, path) {
  const url = new URL(path, SCOPE).href;
  const cache = await caches.open(CACHE);
  const hit = await cache.match(url);
  if (hit) return withHeaders(hit, hit.body, true);
  const response = await fetch(event.request);
  if (!response.ok || response.status !== 200 || !response.body) return withHeaders(response, response.body, false);
  const [toPage, toCache] = response.body.tee();
  event.waitUntil(
    new Response(toCache)
      .arrayBuffer()
      .then((bytes) => keep(path, response, bytes))
      .catch(() => false), // cut off: nothing kept
  );
  return withHeaders(response, toPage, false);
}

/** The page: the network first (a new build shows at once), the cached page when offline. */
async function page(event) {
  try {
    const response = await fetch(event.request);
    // A redirect (a host that sends /index.html to /) goes back as it is.
    if (response.type === 'opaqueredirect' || response.status === 0) return response;
    return withHeaders(response, response.body, false);
  } catch (e) {
    const hit = CACHE && (await (await caches.open(CACHE)).match(new URL('index.html', SCOPE).href));
    if (hit) return withHeaders(hit, hit.body, true);
    throw e;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // Only this site's own files: everything the notebook loads comes from its origin.
  if (url.origin !== self.location.origin || request.method !== 'GET') return;
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  const path = pathOf(url);
  if (CACHE && request.mode === 'navigate' && (path === '' || path === 'index.html')) return event.respondWith(page(event));
  if (CACHE && path !== null && expectedSize(path) !== undefined && !request.headers.has('range')) return event.respondWith(buildFile(event, path));
  event.respondWith(
    fetch(request).then((response) => (response.status === 0 || response.type === 'opaque' ? response : withHeaders(response, response.body, false))),
  );
});
