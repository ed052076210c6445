import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The web app: root is this folder, the build goes to dist/web where `segmint serve`
// finds it. `npm run dev:web` serves it with the API proxied to a local `segmint serve`.
const api = process.env.SEGMINT_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  resolve: { alias: { '@': `${import.meta.dirname}/src` } },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    assetsDir: 'assets',
  },
  server: {
    proxy: { '/api': api, '/v1': api, '/healthz': api },
  },
});
