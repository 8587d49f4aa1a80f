// The compiled code a bench runs (`npm run build`): dist/, or the build BENCH_DIST names (to time an
// older build side by side).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations", import.meta.url));

/** import() of a path inside the build; exits 2 with one line when `required` was not built. */
export function compiledModules(required) {
  const dist = new URL(process.env.BENCH_DIST ?? "../dist/", import.meta.url);
  if (!existsSync(new URL(required, dist))) {
    process.stderr.write(`error: no compiled code in ${fileURLToPath(dist)}: run \`npm run build\` first\n`);
    process.exit(2);
  }
  return (path) => import(new URL(path, dist).href);
}

/**
 * The API in this process on `databaseUrl`, migrated first, as the in-process benches drive it through
 * app.request() (no socket). TMDB is never asked: the benches' films are cached and fresh.
 */
export async function inProcessApi(load, databaseUrl, jwtSecret) {
  const [{ createDb }, { silentLogger }, { applyMigrations }, { createApp }, { createCoordination }, { signToken }] = await Promise.all(
    ["db/client.js", "logger.js", "db/migrate.js", "api/app.js", "db/coordination.js", "auth/tokens.js"].map(load),
  );
  await applyMigrations(databaseUrl, MIGRATIONS_DIR);
  const db = createDb(databaseUrl, { poolSize: 5 });
  const coordination = createCoordination(databaseUrl);
  const app = createApp({ db, coordination, tmdb: {}, logger: silentLogger, jwtSecret, jwtExpiresIn: "1h" });
  return {
    db,
    app,
    /** A member's token (the Authorization header's value). */
    bearer: (userId) => `Bearer ${signToken(userId, jwtSecret, "1h")}`,
    async close() {
      await coordination.close();
      await db.$disconnect();
    },
  };
}
