// Service worker of the demo page: once the page has been open, it works offline, Cancel
// included (Cancel terminates the Web Worker and starts a new one from worker.js, so that script
// must come from here when the network is gone).
//
// - install: cache the page's own files under a name made from VERSION, which scripts/bundle.mjs
//   sets to a hash of dist/'s files, so each deploy installs a new cache.
// - activate: delete this page's older caches and take control of the open pages at once.
// - fetch: same-origin GETs only; anything else is left alone (the page's CSP forbids other
//   hosts anyway). The built page (dist/) is answered from the cache first, since a new deploy
//   brings a new cache. The unbundled sources (`serve.mjs --dev`, VERSION 'dev') go to the
//   network first, so an edit shows on reload; the cache answers only when that fails. Either
//   way a file fetched from the network is cached too: in --dev, the ES modules the page imports,
//   from the second visit on (the first imports them before the service worker takes control).
//
// Its own fetches need `connect-src 'self'`: scripts/serve.mjs and dist/_headers serve this file
// with SW_CSP, not the page's `connect-src 'none'`. It reads no customer data: files are read in
// the Web Worker, from the File the page hands over, never through a request.
const VERSION = 'dev';
const PREFIX = 'crmkit-demo-';
const CACHE = PREFIX + VERSION;
const FILES = ['./', 'index.html', 'app.js', 'worker.js', 'style.css'];

self.addEventListener('install', (event) => {
  self.skipWaiting();
  // 'no-cache': revalidate with the server, so an HTTP cache cannot put old files in a new cache.
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES.map((f) => new Request(f, { cache: 'no-cache' })))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(VERSION === 'dev' ? networkFirst(event) : cacheFirst(event));
});

/** The cached answer; a page URL with a query string is still the page. */
async function cached(request) {
  const cache = await caches.open(CACHE);
  return cache.match(request, { ignoreSearch: request.mode === 'navigate' });
}

/** The network's answer, also put in the cache when it is a complete same-origin file. */
async function fetchAndKeep(event) {
  const response = await fetch(event.request);
  if (response.status === 200 && response.type === 'basic') {
    const copy = response.clone();
    event.waitUntil(caches.open(CACHE).then((cache) => cache.put(event.request, copy)));
  }
  return response;
}

async function cacheFirst(event) {
  return (await cached(event.request)) || fetchAndKeep(event);
}

async function networkFirst(event) {
  try {
    return await fetchAndKeep(event);
  } catch (err) {
    const hit = await cached(event.request);
    if (hit) return hit;
    throw err;
  }
}
