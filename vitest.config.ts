import { configDefaults, defineConfig } from 'vitest/config';

/** Property tests over megabytes of generated input: seconds each, so outside the quick core loop. */
const SLOW = ['src/core/**/*.property.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    projects: [
      // The pure rules, no database or files: the loop to keep running while changing src/core (a few seconds).
      {
        extends: true,
        test: {
          name: 'core',
          include: ['src/core/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...SLOW],
          // Pure modules: one thread pool without per-file isolation starts in a fraction of the time.
          pool: 'threads',
          isolate: false,
        },
      },
      { extends: true, test: { name: 'slow', include: SLOW } },
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'src/core/**'],
          // Vitest's default is one worker on a 2-core machine (cores − 1), but half of each file's time is
          // spent waiting on PostgreSQL's own process: two files at once keep both cores busy.
          maxWorkers: 2,
        },
      },
      // Browser journeys: one server and one chromium at a time.
      { extends: true, test: { name: 'e2e', include: ['e2e/**/*.test.ts'], fileParallelism: false } },
    ],
  },
});
