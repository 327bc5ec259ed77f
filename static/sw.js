// Doorstep service worker: precaches every file of one release build and serves
// them when the network is gone. A new build has a new BUILD_ID (a hash of its
// files), so the browser installs it beside the old one; it waits until the page
// asks it to take over ("new version — reload"), then drops the old cache, so a
// page never mixes files of two builds. The placeholders below are filled by
// scripts/trunk-post-build at build time.
const BUILD_ID = "__BUILD_ID__";
const PRECACHE = __PRECACHE__;
const CACHE = `doorstep-${BUILD_ID}`;

self.addEventListener("install", (event) => {
  if (!PRECACHE) return; // development build: no caching
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      // cache: "reload" bypasses the HTTP cache, so we store exactly this build.
      cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload" })))
    )
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith("doorstep-") && key !== CACHE)
            .map((key) => caches.delete(key))
        )
      )
      .then(() => self.clients.claim())
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (!PRECACHE || request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // The app is one page: any navigation gets this build's index.html.
  const lookup =
    request.mode === "navigate" ? new URL("./index.html", self.registration.scope).href : request;
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(lookup, { ignoreSearch: request.mode === "navigate" }).then(
        (hit) => hit || fetch(request)
      )
    )
  );
});
