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
