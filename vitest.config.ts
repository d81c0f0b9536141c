import { defineConfig } from 'vitest/config';

// One run for every workspace. Coverage is enforced where the issue asks for it: core/ at 100%.
export default defineConfig({
  test: {
    include: ['**/src/**/*.test.ts', '**/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '.tsbuild/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One Postgres cluster and one migrated PGlite image for the whole run (test-databases.ts).
    globalSetup: ['cloud/test/support/global-setup.ts'],
    coverage: {
      provider: 'v8',
      include: ['core/src/**/*.ts', 'hub/src/**/*.ts'],
      exclude: ['**/*.test.ts', '**/test/**'],
      reporter: ['text-summary'],
      thresholds: {
        'core/src/**/*.ts': { lines: 100, branches: 100, functions: 100, statements: 100 },
      },
    },
  },
});
