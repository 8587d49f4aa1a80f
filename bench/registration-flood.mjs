#!/usr/bin/env node
// Logins under a registration flood (issue 17, item 4: others' logins went from 85 to 514 ms while one
// client made 15 accounts a second). The compiled API (`npm run build`; BENCH_DIST for an older build)
// runs in a process of its own on a scratch database; this process logs one member in, one login at a
// time, first alone, then while FLOODERS loops register accounts as fast as the server answers: from
// one client address, then each registration from an address of its own (127.0.0.0/8 is all loopback
// on Linux, so a client can pick its source address). Prints the logins' median and 90th percentile
// per phase, their ratio to the quiet phase, and the accounts made per second.
// Usage: node bench/registration-flood.mjs [--logins N] [--flooders N]
import { spawn } from "node:child_process";
import { request } from "node:http";
import { parseArgs } from "node:util";
import { compiledModules } from "./compiled.mjs";
import { scratchDatabase } from "./scratch-database.mjs";

const { values: args } = parseArgs({
  options: {
    logins: { type: "string", default: "30" },
    flooders: { type: "string", default: "8" },
    serve: { type: "string" },
  },
});

function post(url, path, body, localAddress) {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const started = performance.now();
    const req = request(
      new URL(path, url),
      {
        method: "POST",
        localAddress,
        agent: false,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode, ms: performance.now() - started }));
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

async function main() {
  const database = scratchDatabase("watchlist_bench_flood");
  await database.create();
  const child = spawn(process.execPath, [new URL(import.meta.url).pathname, "--serve", database.url], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const url = await new Promise((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk) => {
        out += chunk;
        const match = /listening on (\S+)/.exec(out);
        if (match) resolve(match[1]);
      });
      child.on("exit", (code) => reject(new Error(`server exited ${code}`)));
    });
    const password = "correct horse battery";
    const member = { email: "member@example.com", password };
    await post(url, "/auth/register", { ...member, username: "member" }, "127.0.0.2");

    let accounts = 0;
    const logins = async () => {
      const times = [];
      for (let i = 0; i < Number(args.logins); i++) {
        const { status, ms } = await post(url, "/auth/login", member, "127.0.0.3");
        if (status !== 200) throw new Error(`login answered ${status}`);
        times.push(ms);
      }
      return times;
    };
    const phase = async (name, addressOf) => {
      let running = addressOf !== undefined;
      const made = { created: 0, refused: 0 };
      const started = performance.now();
      const flooders = running
        ? Array.from({ length: Number(args.flooders) }, async () => {
            while (running) {
              const n = ++accounts;
              const { status } = await post(
                url,
                "/auth/register",
                { email: `f${n}@example.com`, username: `f${n}`, password },
                addressOf(n),
              );
              if (status === 201) made.created++;
              else made.refused++;
            }
          })
        : [];
      const times = await logins();
      running = false;
      await Promise.all(flooders);
      const seconds = (performance.now() - started) / 1000;
      return { name, p50: quantile(times, 0.5), p90: quantile(times, 0.9), perSecond: made.created / seconds, refused: made.refused };
    };

    const rows = [
      await phase("quiet"),
      await phase("flood from one address", () => "127.0.0.9"),
      await phase("flood, an address per account", (n) => `127.1.${(n >> 8) & 255}.${n & 255}`),
    ];
    const quiet = rows[0].p50;
    console.log(`logins (${args.logins} per phase, one at a time) while ${args.flooders} loops register accounts`);
    console.log("phase                              login p50   login p90   vs quiet   accounts/s   refused");
    for (const row of rows) {
      console.log(
        `${row.name.padEnd(34)} ${row.p50.toFixed(0).padStart(6)} ms ${row.p90.toFixed(0).padStart(8)} ms ${(row.p50 / quiet).toFixed(2).padStart(8)}x ${row.perSecond.toFixed(1).padStart(12)} ${String(row.refused).padStart(9)}`,
      );
    }
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
    await database.drop();
  }
}

if (args.serve) {
  // The server's process: the compiled startServer with production settings.
  const load = compiledModules("server.js");
  const { startServer } = await load("server.js");
  const server = await startServer({
    env: {
      ...process.env,
      DATABASE_URL: args.serve,
      JWT_SECRET: "bench-secret-bench-secret-bench-secret",
      PORT: "0",
      NODE_ENV: "production",
      LOG_LEVEL: "error",
    },
  });
  process.stdout.write(`listening on ${server.url}\n`);
  process.once("SIGTERM", () => server.close().then(() => process.exit(0)));
} else await main();
