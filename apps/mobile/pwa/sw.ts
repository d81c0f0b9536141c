/**
 * The mobile app's service worker: the app shell offline, and web push. On install it precaches
 * every file of the build (the list and version are put in by pwa/plugin.ts) and takes over at
 * once; old versions' caches are dropped on activate. Only requests inside the app's own scope are
 * answered: a navigation tries the network first (so a new build shows when online) and falls back
 * to the cached shell; other files come from the cache first. API calls (`/v1/…`) are left alone —
 * what must work offline (the pass) is kept by the app in localStorage, and tests can watch them.
 * Web push (ADR 0027): a push shows the cloud's title and body; tapping it opens the screen it is
 * about.
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

/**
 * What the cloud's web-push notifier sends (cloud/src/notifications/providers/web-push.ts): the
 * title and body in the student's language, the app screen the message is about as a hash route
 * (`#/bookings/<id>`) and a tag (the message id: a repeat replaces the notification).
 */
interface PushPayload {
  title?: string;
  body?: string;
  url?: string;
  tag?: string;
}

function readPayload(data: PushMessageData | null): PushPayload {
  try {
    const parsed: unknown = data?.json();
    return typeof parsed === 'object' && parsed !== null ? (parsed as PushPayload) : {};
  } catch {
    return { body: data?.text() ?? '' };
  }
}

/** The screen to open: the payload's route inside the app's scope, else the bookings list. */
function screenUrl(url: unknown): string {
  const fallback = `${shell}#/bookings`;
  if (typeof url !== 'string' || url === '') return fallback;
  try {
    const target = new URL(url, shell);
    // only this app's own pages: a payload cannot send the student elsewhere
    return target.href.startsWith(scope.href) ? target.href : fallback;
  } catch {
    return fallback;
  }
}

sw.addEventListener('push', (event) => {
  const payload = readPayload(event.data);
  const options: NotificationOptions = {
    body: payload.body ?? '',
    icon: new URL('./icons/icon-192.png', scope).href,
    data: { url: screenUrl(payload.url) },
  };
  if (payload.tag) options.tag = payload.tag;
  event.waitUntil(sw.registration.showNotification(payload.title ?? 'StudySpot', options));
});

/**
 * A tapped notification opens its screen: an open window of the app is brought forward and moved
 * there (hash routes: the app follows without reloading), or a new window opens at it. Focusing is
 * only allowed from a real tap; moving the window does not depend on it.
 */
async function openScreen(url: string): Promise<void> {
  const windows = await sw.clients.matchAll({ type: 'window' });
  const open = windows.find((w) => w.url.startsWith(scope.href));
  if (!open) {
    await sw.clients.openWindow(url);
    return;
  }
  const [focused, moved] = await Promise.allSettled([open.focus(), open.navigate(url)]);
  if (moved.status === 'rejected') throw moved.reason;
  if (focused.status === 'rejected') throw focused.reason;
}

sw.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data = event.notification.data as { url?: unknown } | null;
  event.waitUntil(openScreen(screenUrl(data?.url)));
});
