// Entry of the notice parser's thread (see notice-parsing.ts). The app runs its TypeScript through tsx
// (bin/duban.js, vitest); a worker thread does not inherit that loader (and Node 20 ignores `--import`
// in a worker's execArgv), so it registers tsx itself before loading the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./parse-worker.ts');
