import { defineConfig } from 'vitest/config';
import { linguiMacros } from './client/vite.config.js';

export default defineConfig({
  // Unit tests import the client's modules, whose words are Lingui macros.
  plugins: [linguiMacros],
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    setupFiles: ['tests/setup-i18n.ts'],
    // Integration and browser tests start real servers, databases and Chromium.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
