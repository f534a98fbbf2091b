import { defineConfig } from '@playwright/test';

import { CHROMIUM_ARGS } from './scripts/chromium-args.mjs';

export { CHROMIUM_ARGS };

const PORT = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  // The shared specs in e2e/ and each cell's own beside it (src/cells/<id>/e2e.spec.ts).
  testDir: '.',
  testMatch: ['e2e/**/*.spec.ts', 'src/cells/*/e2e.spec.ts'],
  timeout: 240_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    viewport: { width: 1440, height: 900 },
    // The service worker's offline copy is e2e/offline.spec.ts's business; elsewhere each test gets
    // the network as a first visit does, without a worker copying the bundles beside it.
    serviceWorkers: 'block',
  },
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
