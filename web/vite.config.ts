/**
 * Builds the web UI into web/dist, which the daemon serves at `/` (src/api/ui-routes.ts). Run from
 * the repository root: `vite build --config web/vite.config.ts` (npm run build:web). Everything the
 * page needs is bundled -- no CDN, no web fonts -- so the UI works on a cluster with no internet.
 */
import { defineConfig } from 'vite';

const webRoot = new URL('.', import.meta.url).pathname;

export default defineConfig({
  root: webRoot,
  base: '/',
  // The UI talks to the daemon that serves it; there is no public/ folder of extra files.
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // One small bundle: inlining nothing keeps the Content-Security-Policy free of data: scripts.
    assetsInlineLimit: 0,
    sourcemap: true,
    reportCompressedSize: false,
  },
  server: {
    // `npx vite --config web/vite.config.ts` for UI work against a daemon on the default port.
    proxy: { '/v1': 'http://127.0.0.1:7420', '/metrics': 'http://127.0.0.1:7420' },
  },
});
