/**
 * The student app's entry point: mounts the app and, in builds only (not the dev server), registers
 * the service worker (pwa/sw.ts, emitted by pwa/plugin.ts) that keeps the app shell for offline use.
 */
import '@studyspot/app-kit/base.css';
import { LangProvider } from '@studyspot/app-kit';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { SessionProvider } from './session-context.tsx';
import './mobile.css';

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <LangProvider>
        <SessionProvider>
          <App />
        </SessionProvider>
      </LangProvider>
    </StrictMode>,
  );

/** Defined by pwa/plugin.ts in `vite build`; absent under the dev server. */
declare const __STUDYSPOT_SW__: boolean | undefined;

if (typeof __STUDYSPOT_SW__ !== 'undefined' && 'serviceWorker' in navigator) {
  // relative to the page, so the worker's scope is wherever the app is served (/app/ on the cloud)
  navigator.serviceWorker.register('./sw.js').catch(() => {
    // no offline shell (private mode, or an insecure origin); the app works online
  });
}
