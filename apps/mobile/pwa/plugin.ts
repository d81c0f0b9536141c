/**
 * The PWA half of the mobile build, as a Vite plugin that runs only in `vite build`: it emits the
 * manifest, the icons and `sw.js` — the service worker of pwa/sw.ts bundled by esbuild with the
 * list of files to precache (every emitted file but source maps, plus the app's root) and a
 * version derived from those content-hashed names, so a new build installs a new cache and an
 * unchanged one keeps its own. The app registers the worker only in production builds (main.tsx).
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Plugin } from 'vite';
import { drawIcon, iconSizes } from './icons.ts';
import { iconFile, manifest } from './manifest.ts';

const swEntry = fileURLToPath(new URL('./sw.ts', import.meta.url));

async function bundleServiceWorker(precache: string[], version: string): Promise<string> {
  const result = await build({
    entryPoints: [swEntry],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2022',
    minify: true,
    define: { __PRECACHE__: JSON.stringify(precache), __VERSION__: JSON.stringify(version) },
  });
  const [out] = result.outputFiles;
  if (!out) throw new Error('esbuild produced no service worker');
  return out.text;
}

export function pwaPlugin(): Plugin {
  return {
    name: 'studyspot-pwa',
    apply: 'build',
    // after Vite's own HTML plugin, so index.html is in the bundle too
    enforce: 'post',
    // the app registers the worker only when this build made one (not `import.meta.env.PROD`: a
    // build started inside vitest runs with NODE_ENV=test, and Vite then reports PROD false)
    config: () => ({ define: { __STUDYSPOT_SW__: 'true' } }),
    async generateBundle(_options, bundle) {
      for (const size of iconSizes) {
        this.emitFile({ type: 'asset', fileName: iconFile(size), source: drawIcon(size) });
      }
      this.emitFile({
        type: 'asset',
        fileName: 'manifest.webmanifest',
        source: `${JSON.stringify(manifest(), null, 2)}\n`,
      });
      const emitted = [...iconSizes.map(iconFile), 'manifest.webmanifest', 'index.html'];
      const files = [...new Set([...Object.keys(bundle), ...emitted])]
        .filter((name) => !name.endsWith('.map'))
        .sort();
      const precache = ['./', ...files.map((name) => `./${name}`)];
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12);
      this.emitFile({
        type: 'asset',
        fileName: 'sw.js',
        source: await bundleServiceWorker(precache, version),
      });
    },
  };
}
