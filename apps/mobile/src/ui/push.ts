/**
 * Web push on this phone: subscribe through the service worker with the cloud's VAPID public key
 * (GET /v1/push/key; `null` or 404 when the cloud sends no push) and store the subscription on the
 * account (PATCH /v1/me `pushSubscription`), which the cloud's web-push notifier sends to.
 * Unsubscribing clears both.
 */
import { type ApiClient, ApiError } from '@studyspot/app-kit';
import { z } from 'zod';
import { updateProfile } from '../api/cloud.ts';

export type PushState = 'unsupported' | 'unavailable' | 'denied' | 'off' | 'on';

const PushKey = z.object({ publicKey: z.string().nullable() });

export function pushSupported(): boolean {
  return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(base64url.length / 4) * 4, '=');
  const raw = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

async function currentSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.getRegistration();
  return (await registration?.pushManager.getSubscription()) ?? null;
}

/** The cloud's key, null when it sends no push (an older cloud without the route: 404, the same). */
async function serverKey(api: ApiClient): Promise<string | null> {
  try {
    return (await api.get('/push/key', PushKey)).publicKey;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'not_found') return null;
    throw error;
  }
}

/** What the notifications switch can do here: the browser first, then the cloud, then the permission. */
export async function pushState(api: ApiClient): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  if (!(await serverKey(api))) return 'unavailable';
  if (Notification.permission === 'denied') return 'denied';
  return (await currentSubscription()) ? 'on' : 'off';
}

export async function turnPushOn(api: ApiClient): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  const publicKey = await serverKey(api);
  if (!publicKey) return 'unavailable';
  if ((await Notification.requestPermission()) !== 'granted') return 'denied';
  const registration = await navigator.serviceWorker.ready;
  const subscription = await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: keyBytes(publicKey),
  });
  const json = subscription.toJSON();
  await updateProfile(api, {
    pushSubscription: {
      endpoint: subscription.endpoint,
      keys: { p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' },
    },
  });
  return 'on';
}

export async function turnPushOff(api: ApiClient): Promise<PushState> {
  await (await currentSubscription())?.unsubscribe();
  await updateProfile(api, { pushSubscription: null });
  return 'off';
}
