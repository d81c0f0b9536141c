/**
 * The entrance: the camera reading passes, the answer at the door, free seats per zone, and the
 * two ways in without a pass (phone + PIN, a visitor's day pass). It talks only to the hub:
 * scans go to POST /entry/scan, a serial reader's decisions arrive as `entry:scanned`, and the
 * free seats refresh on every `seat:changed` and on every (re)connect — so after a hub restart
 * the screen catches up by itself.
 */
import type { ApiClient, EntryResult as EntryResultT, KioskStatus as KioskStatusT } from '@studyspot/app-kit';
import {
  EntryResult,
  EntryScan,
  ErrorState,
  KioskStatus,
  LangToggle,
  LibraryView,
  Loading,
  ScanRequest,
  useHashRoute,
  useHubSocket,
  useMessages,
  useResource,
} from '@studyspot/app-kit';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useCamera } from './camera.tsx';
import { DayPassForm } from './day-pass.tsx';
import { messages } from './messages.ts';
import type { Shown } from './result-card.tsx';
import { ResultCard } from './result-card.tsx';
import { WalkInForm } from './walk-in.tsx';

/** The same code seen again within this long is the same person still holding up their phone. */
const REPEAT_MS = 10_000;
const REFRESH_MS = 30_000;

interface Props {
  api: ApiClient;
  token: string;
  onUnauthorized: () => void;
}

/**
 * Sends what the camera reads to the hub: one request at a time, and the same code at most once
 * per REPEAT_MS (a member holds their phone up for a few seconds); a code the hub did not answer
 * (network) may be tried again at once.
 */
function useScanSender(api: ApiClient, onResult: (result: EntryResultT) => void, after: () => void) {
  const last = useRef({ code: '', at: 0, busy: false });
  const callbacks = useRef({ onResult, after });
  callbacks.current = { onResult, after };
  return useCallback(
    (code: string) => {
      const now = Date.now();
      if (last.current.busy || (code === last.current.code && now - last.current.at < REPEAT_MS)) return;
      last.current = { code, at: now, busy: true };
      api
        .post('/entry/scan', ScanRequest, { code }, EntryResult)
        .then(
          (result) => callbacks.current.onResult(result),
          () => {
            last.current.code = '';
          },
        )
        .finally(() => {
          last.current.busy = false;
          callbacks.current.after();
        });
    },
    [api],
  );
}

export function KioskScreen({ api, token, onUnauthorized }: Props) {
  const { t } = useMessages(messages);
  const [route, navigate] = useHashRoute();
  const [shown, setShown] = useState<Shown | null>(null);
  const status = useResource(() => api.get('/kiosk/status', KioskStatus), [api]);
  const library = useResource(() => api.get('/library', LibraryView), [api]);
  const { reload } = status;
  const reloadLibrary = library.reload;
  const link = useHubSocket(token, {
    onConnect: () => {
      reload();
      reloadLibrary();
    },
    onUnauthorized,
    'seat:changed': () => reload(),
    'entry:scanned': (payload) => {
      const scan = EntryScan.safeParse(payload);
      // A kiosk's own scans come back over HTTP; show the door readers' here.
      if (scan.success && scan.data.via.kind === 'device')
        setShown({ result: scan.data.result, fromReader: true });
    },
  });
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  const onCode = useScanSender(api, (result) => setShown({ result, fromReader: false }), reload);
  const camera = useCamera(onCode);
  const answered = (result: EntryResultT) => {
    setShown({ result, fromReader: false });
    navigate('/');
    reload();
  };
  const dismiss = useCallback(() => setShown(null), []);
  const currency = library.data?.library.currency ?? 'INR';

  return (
    <div className="kiosk">
      <header className="kiosk-header">
        <div className="grow">
          <h1>{status.data?.libraryName ?? t('title')}</h1>
          <p
            className={link === 'online' ? 'kiosk-link kiosk-link-on' : 'kiosk-link kiosk-link-off'}
            role="status"
          >
            {link === 'online' ? t('online') : t('offline')}
          </p>
        </div>
        <LangToggle />
      </header>
      {shown ? <ResultCard shown={shown} onDone={dismiss} /> : null}
      <main className="kiosk-main" hidden={shown !== null}>
        {route === '/walk-in' ? (
          <WalkInForm api={api} onResult={answered} onBack={() => navigate('/')} />
        ) : route === '/day-pass' ? (
          <DayPassForm api={api} status={status.data} currency={currency} onBack={() => navigate('/')} />
        ) : (
          <Entrance
            camera={camera}
            onWalkIn={() => navigate('/walk-in')}
            onDayPass={() => navigate('/day-pass')}
          />
        )}
        <FreeSeats status={status} />
      </main>
    </div>
  );
}

function Entrance({
  camera,
  onWalkIn,
  onDayPass,
}: {
  camera: ReturnType<typeof useCamera>;
  onWalkIn: () => void;
  onDayPass: () => void;
}) {
  const { t } = useMessages(messages);
  return (
    <section className="kiosk-entrance" aria-labelledby="scan-title">
      <h2 id="scan-title" className="kiosk-lead">
        {t('showPass')}
      </h2>
      <div className="kiosk-camera">
        <video
          ref={camera.videoRef}
          muted
          playsInline
          aria-label={t('showPass')}
          hidden={camera.state === 'off'}
        />
        {camera.state === 'starting' ? <Loading label={t('cameraStarting')} /> : null}
        {camera.state === 'off' ? <p className="kiosk-camera-off">{t('cameraOff')}</p> : null}
      </div>
      <div className="kiosk-actions">
        <button type="button" className="button button-primary kiosk-big" onClick={onWalkIn}>
          {t('walkIn')}
        </button>
        <button type="button" className="button kiosk-big" onClick={onDayPass}>
          {t('dayPass')}
        </button>
      </div>
    </section>
  );
}

function FreeSeats({ status }: { status: ReturnType<typeof useResource<KioskStatusT>> }) {
  const { t } = useMessages(messages);
  return (
    <section className="kiosk-free" aria-labelledby="free-title">
      <h2 id="free-title">{t('freeSeats')}</h2>
      {status.status === 'loading' && !status.data ? <Loading /> : null}
      {status.status === 'error' && !status.data ? (
        <ErrorState error={status.error} onRetry={status.reload} />
      ) : null}
      {status.data ? (
        <ul className="kiosk-zones">
          {status.data.zones.map((z) => (
            <li key={z.zoneId} className="kiosk-zone" data-testid={`zone-${z.name}`}>
              <span className="kiosk-zone-name">{z.name}</span>
              <span className={z.free === 0 ? 'kiosk-zone-free kiosk-zone-full' : 'kiosk-zone-free'}>
                {z.free === 0 ? t('full') : t('freeOf', { free: z.free, total: z.total })}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
