// drizzle-kit: `npx drizzle-kit generate --name <change>` writes a new migration from the schema.
// Generated files are committed and never edited by hand; the server applies them at start-up.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/server/db/schema.ts',
  out: './src/server/db/migrations',
  strict: true,
  verbose: true,
});
