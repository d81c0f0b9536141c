/** The mobile app's additions to the shared Vite defaults (apps/build.ts): the PWA plugin. */
import { defineConfig } from 'vite';
import { pwaPlugin } from './pwa/plugin.ts';

export default defineConfig({ plugins: [pwaPlugin()] });
