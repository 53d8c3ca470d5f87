import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { CSS_TARGET, LIGHTNING_CSS } from '../scripts/inline-css.mjs';

// The moderation console: a page of its own, built apart from the widget (npm run build runs
// `vite build --config admin/vite.config.ts`) into server/admin-dist/, which the reference server
// serves at /admin/ (server/src/routes/console.ts). Relative asset URLs (`base: './'`), so the
// console works wherever the server is mounted (/admin/ or /comments/api/admin/).

export const CONSOLE_OUT_DIR = fileURLToPath(new URL('../server/admin-dist/', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  css: { lightningcss: LIGHTNING_CSS },
  build: {
    target: 'es2022',
    cssTarget: CSS_TARGET,
    cssMinify: 'lightningcss',
    outDir: CONSOLE_OUT_DIR,
    emptyOutDir: true,
    assetsDir: 'assets',
    // The polyfill would be an inline script; the console's CSP allows none.
    modulePreload: { polyfill: false },
    sourcemap: true,
  },
});
