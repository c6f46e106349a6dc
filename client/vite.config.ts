// Vite builds the browser app into dist/client, which the Fastify server serves
// (with its strict Content-Security-Policy) in production and in the browser tests.
import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const clientRoot = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/client', import.meta.url));

// In development the API runs as its own process (scripts/dev.mjs); the dev server
// forwards /api to it so the browser only ever talks to one origin, as in production.
const apiTarget = `http://127.0.0.1:${process.env.CONFIDE_API_PORT ?? '3000'}`;
const proxy = { '/api': { target: apiTarget } };

export default defineConfig(({ command }) => {
  // Test runners export NODE_ENV=test, and Vite then bundles React's development
  // build (twice the size, with development-only warnings) into dist/client. A build
  // is for production unless someone asks for a development one explicitly.
  if (command === 'build' && process.env.NODE_ENV !== 'development') process.env.NODE_ENV = 'production';

  return {
    root: clientRoot,
    plugins: [react()],
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
    },
    worker: { format: 'es' },
    // strictPort: scripts/dev.mjs tells the API (PUBLIC_URL) and the developer this address.
    server: { host: '127.0.0.1', port: 5173, strictPort: true, proxy },
    preview: { host: '127.0.0.1', port: 4173, proxy },
  };
});
