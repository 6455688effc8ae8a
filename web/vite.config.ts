import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The SPA is served by the API server itself (web/serve.ts), so in production the API is same-origin.
 * In development (`npm run dev -w web`) Vite proxies /api to the server started with `npm start`.
 */
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // React + MUI + the app are ~570 kB minified (~180 kB gzip) in one chunk today; the portals of
    // later issues can be lazy-loaded routes when they grow. Warn only well past that.
    chunkSizeWarningLimit: 900,
    // scripts/bundle-size.ts reads it to weigh each portal's first screen.
    manifest: true,
    // The pensioner portal is its own page (pensionado.html): a phone loads only React and that
    // portal, not MUI and the staff portals (issue 12: first screen ≤ 150 kB of gzip JavaScript).
    rollupOptions: {
      input: { main: 'index.html', pensionado: 'pensionado.html' },
      // React in a chunk of its own, so the pensioner page shares it without importing the staff
      // app's entry chunk (where Rollup would otherwise hoist it, MUI included).
      output: { manualChunks: (id: string) => (/node_modules\/(react|react-dom|scheduler)\//.test(id) ? 'react' : undefined) },
    },
  },
  server: {
    proxy: {
      '/api': process.env.SIAP_API_URL ?? 'http://127.0.0.1:3000',
      '/demo': process.env.SIAP_API_URL ?? 'http://127.0.0.1:3000',
    },
  },
});
