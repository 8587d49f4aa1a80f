// `watchlist serve` (the built binary) on a free loopback port, in production settings, for the benches
// that time the API as it is deployed: resolves once it listens, with its URL and its process.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../bin/watchlist.js", import.meta.url));

/** `env`: DATABASE_URL, JWT_SECRET, TMDB_BASE_URL, TMDB_API_KEY and any other setting. */
export function startServe(env) {
  const child = spawn(process.execPath, [bin, "serve", "--port", "0", "--host", "127.0.0.1"], {
    env: { ...process.env, LOG_LEVEL: "error", NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const match = /listening on (\S+)/.exec(out);
      if (match) resolve({ url: match[1], child });
    });
    child.once("exit", (code) => reject(new Error(`watchlist serve exited ${code}`)));
  });
}
