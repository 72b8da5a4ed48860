// The child server's entry (test/child-server.ts): a file rather than `--input-type=module -e …`, because worker
// threads inherit the process's flags and --input-type makes every worker (the notice parser's) fail to start.

import { runServer } from '../src/server/main.js';

await runServer({ skipWebBuild: true });
