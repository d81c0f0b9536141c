/**
 * The portal's entry point. One SPA, two homes (ADR 0020): served by the cloud under /admin/ it is
 * the owner/admin portal (src/cloud/), served by the hub at / it is the staff dashboard (src/hub/).
 * Each home is loaded lazily, so the hub's tablets never download the cloud half and vice versa.
 */
import '@studyspot/app-kit/base.css';
import { LangProvider, Loading } from '@studyspot/app-kit';
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { isCloudHome } from './common/home.ts';

const Home = isCloudHome(location.pathname)
  ? lazy(() => import('./cloud/cloud-home.tsx').then((m) => ({ default: m.CloudHome })))
  : lazy(() => import('./hub/hub-home.tsx').then((m) => ({ default: m.HubHome })));

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <LangProvider>
        <Suspense fallback={<Loading />}>
          <Home />
        </Suspense>
      </LangProvider>
    </StrictMode>,
  );
