/* global self, caches, fetch, URL, Response */
/*
 * Service worker of the pensioner portal: caches the app shell only (the page and its hashed
 * scripts and styles) so the portal opens on a slow network. It never caches /api/ answers,
 * photos, frames or constancias: biometric and personal data never sit in a cache.
 */
const CACHE = 'pensionado-shell-v1';
const SHELL = ['/pensionado/'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k)))).then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/constancia/')) return;
  // Hashed assets never change: cache first.
  if (url.pathname.startsWith('/assets/') && /\.(js|css|woff2?)$/.test(url.pathname)) {
    event.respondWith(
      caches.open(CACHE).then(async (cache) => (await cache.match(request)) ?? fetch(request).then((response) => {
        if (response.ok) cache.put(request, response.clone());
        return response;
      })),
    );
    return;
  }
  // The page: network first (a new version shows at once), the cached shell when offline.
  if (request.mode === 'navigate' && url.pathname.startsWith('/pensionado')) {
    event.respondWith(
      fetch(request).then((response) => {
        if (response.ok) caches.open(CACHE).then((cache) => cache.put('/pensionado/', response.clone()));
        return response;
      }).catch(async () => (await caches.match('/pensionado/')) ?? Response.error()),
    );
  }
});
