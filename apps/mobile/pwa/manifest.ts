/**
 * The web app manifest (installability): a standalone app scoped to wherever the build is served
 * (`/app/` on the cloud), started at its root, with the build-time icons; the maskable purpose is
 * declared because the icon keeps its picture inside the safe zone (icons.ts).
 */
import { iconSizes } from './icons.ts';

export const THEME_COLOR = '#1d4ed8';

export function iconFile(size: number): string {
  return `icons/icon-${size}.png`;
}

export function manifest(): Record<string, unknown> {
  return {
    name: 'StudySpot — study library seats',
    short_name: 'StudySpot',
    description: 'Find a study library, book a seat and enter with your pass.',
    lang: 'en',
    start_url: './',
    scope: './',
    display: 'standalone',
    orientation: 'portrait',
    background_color: '#f6f7f9',
    theme_color: THEME_COLOR,
    icons: iconSizes.map((size) => ({
      src: iconFile(size),
      sizes: `${size}x${size}`,
      type: 'image/png',
      purpose: 'any maskable',
    })),
  };
}
