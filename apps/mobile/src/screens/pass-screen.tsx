/**
 * The rotating entry pass (core pass.ts): `makePass(seed, now)` every second from the seed kept on
 * the phone, so it works with no network once the pass has been opened (or listed) online — the
 * hub verifies it at the door with no cloud in the path. The code changes every 30 s; the
 * countdown says when. The screen is kept awake where the browser allows it (Wake Lock).
 */
import { ErrorState, Loading, useMessages } from '@studyspot/app-kit';
import { makePass, secondsLeft } from '@studyspot/core';
import { useEffect, useState } from 'react';
import { myBookings } from '../api/cloud.ts';
import { LIBRARY_ZONE, span } from '../format.ts';
import { passText } from '../i18n/mine.ts';
import { fetchPass, passable } from '../pass/fetch-pass.ts';
import { loadPass, type StoredPass } from '../pass/pass-store.ts';
import { QrSvg } from '../pass/qr-svg.tsx';
import { useSession } from '../session-context.tsx';
import { ScreenTitle } from '../ui/title.tsx';
import { useNow } from '../ui/use-interval.ts';

type Found =
  | { status: 'loading' }
  | { status: 'ok'; pass: StoredPass }
  | { status: 'missing' | 'unavailable' | 'not-confirmed' | 'ended' }
  | { status: 'error'; error: unknown };

function useStoredOrFetched(bookingId: string, attempt: number): Found {
  const { api, userId } = useSession();
  const [found, setFound] = useState<Found>(() => {
    const pass = loadPass(bookingId);
    return pass ? { status: 'ok', pass } : { status: 'loading' };
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry button
  useEffect(() => {
    if (loadPass(bookingId)) return;
    if (!userId) return setFound({ status: 'missing' });
    let live = true;
    (async (): Promise<Found> => {
      const booking = (await myBookings(api)).items.find((b) => b.id === bookingId);
      if (!booking) return { status: 'missing' };
      if (booking.endsAt <= Date.now()) return { status: 'ended' };
      if (!passable(booking)) return { status: 'not-confirmed' };
      const fetched = await fetchPass(api, booking);
      return fetched.status === 'ok'
        ? fetched
        : fetched.status === 'unavailable'
          ? { status: 'unavailable' }
          : fetched;
    })().then(
      (next) => live && setFound(next),
      (error: unknown) =>
        live &&
        setFound(
          (error as { code?: string }).code === 'network'
            ? { status: 'missing' }
            : { status: 'error', error },
        ),
    );
    return () => {
      live = false;
    };
  }, [api, bookingId, userId, attempt]);
  return found;
}

function useWakeLock(): void {
  useEffect(() => {
    let lock: { release(): Promise<void> } | null = null;
    const nav = navigator as Navigator & {
      wakeLock?: { request(kind: 'screen'): Promise<{ release(): Promise<void> }> };
    };
    nav.wakeLock?.request('screen').then(
      (l) => {
        lock = l;
      },
      () => undefined,
    );
    return () => {
      void lock?.release().catch(() => undefined);
    };
  }, []);
}

function LivePass({ pass }: { pass: StoredPass }) {
  const { t, lang } = useMessages(passText);
  const now = useNow(1000);
  useWakeLock();
  const { seed } = pass;
  if (seed.endsAt <= now) return <p className="notice">{t('ended')}</p>;
  const code = makePass(seed, now);
  return (
    <div className="pass card stack" data-testid="pass" data-code={code}>
      <p className="pass-lead">{t('show')}</p>
      <div className="qr-frame">
        <QrSvg text={code} label={t('qrLabel')} />
      </div>
      <p className="countdown" aria-live="off">
        {t('changesIn', { s: secondsLeft(now) })}
      </p>
      <div className="pass-facts">
        <strong>{pass.libraryName}</strong>
        {pass.seatNumber ? <span className="seat">{t('seat', { seat: pass.seatNumber })}</span> : null}
        <span>{span(seed.startsAt, seed.endsAt, LIBRARY_ZONE, lang)}</span>
      </div>
      <p className="muted small">{t('offline')}</p>
    </div>
  );
}

export function PassScreen({ bookingId }: { bookingId: string }) {
  const { t } = useMessages(passText);
  const [attempt, setAttempt] = useState(0);
  const found = useStoredOrFetched(bookingId, attempt);
  const body = () => {
    switch (found.status) {
      case 'loading':
        return <Loading />;
      case 'ok':
        return <LivePass pass={found.pass} />;
      case 'missing':
        return <p className="notice">{t('missing')}</p>;
      case 'unavailable':
        return <p className="notice notice-warn">{t('unavailable')}</p>;
      case 'not-confirmed':
        return <p className="notice">{t('notConfirmed')}</p>;
      case 'ended':
        return <p className="notice">{t('ended')}</p>;
      case 'error':
        return <ErrorState error={found.error} onRetry={() => setAttempt((n) => n + 1)} />;
    }
  };
  return (
    <section className="stack">
      <ScreenTitle>{t('title')}</ScreenTitle>
      {body()}
    </section>
  );
}
