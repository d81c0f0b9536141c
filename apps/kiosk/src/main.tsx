/** The kiosk's entry point: mounts the app into #root. */
import '@studyspot/app-kit/base.css';
import { LangProvider } from '@studyspot/app-kit';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import './kiosk.css';

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <LangProvider>
        <App />
      </LangProvider>
    </StrictMode>,
  );
