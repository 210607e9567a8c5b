// Playwright drives Debian's Chromium (never a downloaded browser: `playwright install` cannot
// work here). Each worker starts its own `okur serve` on a free port with a temporary database.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  workers: 2,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    trace: 'retain-on-failure',
    // The service worker (worker/sw.js) only where a test asks for it (offline.spec.js): with
    // one, Playwright's request routing no longer sees what the worker answers.
    serviceWorkers: 'block',
  },
  projects: [
    // The app as readers run it: server-rendered pages, hydrated.
    { name: 'app', testIgnore: /nojs\.spec\.js/ },
    // The same server with JavaScript off: everything a reader reads is there.
    { name: 'no-javascript', testMatch: /nojs\.spec\.js/, use: { javaScriptEnabled: false } },
  ],
});
