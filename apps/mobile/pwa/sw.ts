/**
 * The mobile app's service worker: the app shell offline, and web push. On install it precaches
 * every file of the build (the list and version are put in by pwa/plugin.ts) and takes over at
 * once; old versions' caches are dropped on activate. Only requests inside the app's own scope are
 * answered: a navigation tries the network first (so a new build shows when online) and falls back
 * to the cached shell; other files come from the cache first. API calls (`/v1/…`) are left alone —
 * what must work offline (the pass) is kept by the app in localStorage, and tests can watch them.
 */
export {};

declare const __PRECACHE__: string[];
declare const __VERSION__: string;

const sw = self as unknown as ServiceWorkerGlobalScope;
const PREFIX = 'studyspot-app-';
const CACHE = `${PREFIX}${__VERSION__}`;
const scope = new URL(sw.registration.scope);
const shell = new URL('./', scope).href;
// the cloud answers with `Vary: Origin` (CORS); the page's requests and the precache's differ in
// that header, and a stored answer must still match
const match = { ignoreVary: true } as const;

sw.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(__PRECACHE__.map((path) => new URL(path, scope).href)))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))),
      )
      .then(() => sw.clients.claim()),
  );
});

async function navigation(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch (error) {
    const cached =
      (await caches.match(shell, match)) ?? (await caches.match(new URL('./index.html', scope).href, match));
    if (cached) return cached;
    throw error;
  }
}

async function asset(request: Request): Promise<Response> {
  const cached = await caches.match(request, match);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    await caches.open(CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !request.url.startsWith(scope.href)) return;
  event.respondWith(request.mode === 'navigate' ? navigation(request) : asset(request));
});

interface PushPayload {
  title?: string;
  body?: string;
}

sw.addEventListener('push', (event) => {
  let payload: PushPayload = {};
  try {
    payload = (event.data?.json() as PushPayload | undefined) ?? {};
  } catch {
    payload = { body: event.data?.text() ?? '' };
  }
  event.waitUntil(
    sw.registration.showNotification(payload.title ?? 'StudySpot', {
      body: payload.body ?? '',
      icon: new URL('./icons/icon-192.png', scope).href,
    }),
  );
});

sw.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(
    sw.clients.matchAll({ type: 'window' }).then((windows) => {
      const open = windows.find((w) => w.url.startsWith(scope.href));
      return open ? open.focus() : sw.clients.openWindow(`${shell}#/bookings`);
    }),
  );
});
