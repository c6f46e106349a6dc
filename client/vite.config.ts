// Vite builds the browser app into dist/client, which the Fastify server serves
// (with its strict Content-Security-Policy) in production and in the browser tests.
import { fileURLToPath } from 'node:url';

import { lingui } from '@lingui/vite-plugin';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import babel from 'vite-plugin-babel';

const clientRoot = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/client', import.meta.url));

// In development the API runs as its own process (scripts/dev.mjs); the dev server
// forwards /api to it so the browser only ever talks to one origin, as in production.
const apiTarget = `http://127.0.0.1:${process.env.CONFIDE_API_PORT ?? '3000'}`;
const proxy = { '/api': { target: apiTarget } };

/**
 * libsodium-wrappers' one `require("crypto")` is never reached in a browser (it always passes its own
 * random source), and where the bundler puts a helper for it differs between the page's build and a
 * Worker's; taken out, libsodium's chunk has the same bytes in both.
 */
const libsodiumWithoutRequire = {
  name: 'confide:libsodium-without-require',
  transform(code: string, id: string) {
    if (!/[\\/]node_modules[\\/]libsodium-sumo[\\/]/.test(id)) return null;
    return code.includes('require("crypto")')
      ? { code: code.replace('require("crypto")', 'void 0'), map: null }
      : null;
  },
};

/** libsodium in a chunk of its own, in the page's build and every Worker's: one file, fetched once. */
const libsodiumChunk = { groups: [{ name: 'libsodium', test: /[\\/]node_modules[\\/]libsodium/ }] };

/**
 * Lingui's macros (`<Trans>`, `t`, `msg`, `plural`) become plain calls with their message ids at
 * build time, by Babel: Vite 8 compiles with Oxc, which has no Lingui plugin, so the app's own
 * files go through Babel first (parsing TypeScript and JSX and keeping them for Oxc to compile).
 * `lingui()` compiles each imported `.po` catalog into plain data.
 */
export const linguiMacros = babel({
  include: /[\\/]client[\\/]src[\\/].*\.tsx?$/,
  filter: (id: string) => !id.includes('node_modules'),
  babelConfig: {
    babelrc: false,
    configFile: false,
    parserOpts: { plugins: ['typescript', 'jsx'] },
    // The English text stays beside each message id: a message a catalog lacks (not extracted
    // yet, or not translated) then shows in English, never as its id.
    plugins: [['@lingui/babel-plugin-lingui-macro', { stripMessageField: false }]],
  },
});

export default defineConfig(({ command }) => {
  // Test runners export NODE_ENV=test, and Vite then bundles React's development
  // build (twice the size, with development-only warnings) into dist/client. A build
  // is for production unless someone asks for a development one explicitly.
  if (command === 'build' && process.env.NODE_ENV !== 'development') process.env.NODE_ENV = 'production';

  return {
    root: clientRoot,
    plugins: [linguiMacros, react(), lingui(), libsodiumWithoutRequire],
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      rolldownOptions: { output: { codeSplitting: libsodiumChunk } },
      // Pages load as chunks of their own (app/router.tsx), but the stylesheet stays one file,
      // linked from index.html: the cascade relies on the order of the files (styles/base.css),
      // which per-chunk stylesheets appended as pages load would change, and every page is
      // styled from its first paint, so nothing reflows when its chunk arrives. It is about
      // 6 KiB compressed.
      cssCodeSplit: false,
      // .vite/manifest.json: which file each source became, so the server can name the reader's
      // catalog in the page it sends (server/plugins/catalog-preloads.ts). Not served: a dot
      // directory is outside what the server's static files list.
      manifest: true,
    },
    // Every Worker runs one script (src/lib/crypto-host.worker.ts), fetched once however many
    // Workers a page starts. libsodium (half a megabyte) goes into a chunk of its own whose bytes,
    // and so whose file name, are the same in every build that chunks it this way, the page's
    // included: a page and all its Workers then fetch it once. Three things differ by default
    // between the page's build and a Worker's and are made equal here: where the helper for
    // libsodium's one `require("crypto")` lands (the require is taken out: libsodium-wrappers
    // always passes its own random source, so it is never reached), comments (the page's build
    // drops them), and top-level `let`/`const` (the page's build writes `var`).
    worker: {
      format: 'es',
      plugins: () => [libsodiumWithoutRequire],
      rolldownOptions: {
        output: {
          codeSplitting: libsodiumChunk,
          comments: false,
          topLevelVar: true,
        },
      },
    },
    // strictPort: scripts/dev.mjs tells the API (PUBLIC_URL) and the developer this address.
    server: { host: '127.0.0.1', port: 5173, strictPort: true, proxy },
    preview: { host: '127.0.0.1', port: 4173, proxy },
  };
});
