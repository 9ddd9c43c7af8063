import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The app is served by the Switchboard server itself (same origin as /graphql), so
 * asset URLs are absolute from `/`. `npm run dev -w web` proxies the API to a server
 * started with `npm start` on :4000.
 */
export default defineConfig({
  plugins: [react()],
  // Apollo Client 3 drops its development-only checks and messages when __DEV__ is false.
  define: { 'globalThis.__DEV__': 'false' },
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // ECharts is split off and loaded on the first chart; the rest stays under this.
    chunkSizeWarningLimit: 600,
  },
  server: { proxy: { '/graphql': 'http://localhost:4000', '/healthz': 'http://localhost:4000' } },
});
