// Start-up time of the CLI against a bare `node -e 0` (median of interleaved runs).
// Targets (issue 11): `watchlist --help` ≤ 1.2×, `watchlist queue --json` ≤ 1.5×.
// Needs `npm run build` and PostgreSQL (TEST_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres).
// Usage: node bench/startup.mjs [--runs N] [--check]   (--check: exit 1 when a ratio is over its target)
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { scratchDatabase } from "./scratch-database.mjs";
import { startServe } from "./serve.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "bin", "watchlist.js");
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1]) || 21;
const check = args.includes("--check");
const TARGETS = { "watchlist --help": 1.2, "watchlist queue --json": 1.5 };

const database = scratchDatabase();

async function seedQueue(userEmail) {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT id FROM "User" WHERE email = $1`, [userEmail]);
    for (let i = 1; i <= 20; i++) {
      const movieId = randomUUID();
      await client.query(
        `INSERT INTO "Movie" (id, "tmdbId", title, "releaseDate", genres, director, "cast", runtime) VALUES ($1, $2, $3, '2010-07-15', '[{"id":28,"name":"Action"}]', 'Someone', '[]', 120)`,
        [movieId, 1000 + i, `Bench movie ${i}`],
      );
      await client.query(`INSERT INTO "Watchlist" (id, "userId", "movieId", priority) VALUES ($1, $2, $3, $4)`, [
        randomUUID(),
        rows[0].id,
        movieId,
        ["LOW", "MEDIUM", "HIGH"][i % 3],
      ]);
    }
  } finally {
    await client.end();
  }
}

function timeRun(argv, env) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, argv, { env, stdio: ["ignore", "pipe", "pipe"] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${argv.join(" ")} exited ${result.status}: ${result.stderr}`);
  return ms;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

await database.create();
const configDir = mkdtempSync(join(tmpdir(), "watchlist-bench-"));
let api;
try {
  api = await startServe({ DATABASE_URL: database.url, JWT_SECRET: "bench-secret-bench-secret-bench-secret", LOG_LEVEL: "warn" });
  const env = { ...process.env, WATCHLIST_API_URL: api.url, WATCHLIST_CONFIG_DIR: configDir };
  const email = "bench@example.com";
  const registered = spawnSync(process.execPath, [bin, "register", "--email", email, "--username", "bench", "--password-stdin"], {
    env,
    input: "bench password\n",
  });
  if (registered.status !== 0) throw new Error(`register failed: ${registered.stderr}`);
  await seedQueue(email);

  const cases = {
    "node -e 0": ["-e", "0"],
    "watchlist --help": [bin, "--help"],
    "watchlist queue --json": [bin, "queue", "--json"],
  };
  for (const argv of Object.values(cases)) timeRun(argv, env); // warm the file system cache
  const times = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  for (let round = 0; round < runs; round++) {
    for (const [name, argv] of Object.entries(cases)) times[name].push(timeRun(argv, env));
  }

  const base = median(times["node -e 0"]);
  let over = false;
  console.log(`median of ${runs} interleaved runs (node ${process.version})`);
  for (const name of Object.keys(cases)) {
    const ms = median(times[name]);
    const ratio = ms / base;
    const target = TARGETS[name];
    const verdict = target ? (ratio <= target ? `ok (target ≤ ${target}×)` : `OVER (target ≤ ${target}×)`) : "";
    if (target && ratio > target) over = true;
    console.log(`${name.padEnd(24)} ${ms.toFixed(1).padStart(7)} ms  ${ratio.toFixed(2)}×  ${verdict}`);
  }
  if (check && over) process.exitCode = 1;
} finally {
  api?.child.kill("SIGTERM");
  await new Promise((resolve) => (api ? api.child.once("exit", resolve) : resolve()));
  rmSync(configDir, { recursive: true, force: true });
  await database.drop();
}
