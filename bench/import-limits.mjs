#!/usr/bin/env node
// Issue 14, finding 1, measured: how long /health takes to answer, idle and while 8 parallel 6 MB
// bodies arrive at POST /import — (a) nested 3,000,000 levels deep, (b) shallow 20,000-entry batches
// parsed and validated in full (the last entry is invalid, so no TMDB call follows) — and the API's
// peak RSS (VmHWM). The API runs as its own process (`watchlist serve`, compiled code: `npm run build`
// first) on a scratch database; this process only sends and times.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { scratchDatabase } from "./scratch-database.mjs";
import { startServe } from "./serve.mjs";

const PARALLEL = 8;
const database = scratchDatabase("watchlist_bench_import");
await database.create();

const { url, child } = await startServe({
  DATABASE_URL: database.url,
  JWT_SECRET: "bench-secret-bench-secret-bench-secret!",
  TMDB_API_KEY: "none",
});
const peakRssMb = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))[1]) / 1024;
const rssMb = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))[1]) / 1024;

const registered = await fetch(`${url}/auth/register`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ email: "bench@example.com", username: "bench", password: "correct horse battery" }),
});
const { token } = await registered.json();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The probe runs in its own process: this one is busy sending megabytes, which must not count.
const PROBE = `
const times = [];
let running = true;
process.stdin.on("data", () => { running = false; });
(async () => {
  while (running) {
    const started = performance.now();
    await (await fetch(process.argv[1] + "/health")).text();
    times.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  process.stdout.write(JSON.stringify(times));
})();`;

async function healthDuring(work) {
  const probe = spawn(process.execPath, ["-e", PROBE, url], { stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  probe.stdout.setEncoding("utf8").on("data", (chunk) => (out += chunk));
  await sleep(300);
  const result = await work();
  probe.stdin.end("stop");
  await new Promise((resolve) => probe.once("exit", resolve));
  const times = JSON.parse(out).sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { result, probes: times.length, p50: at(0.5), p99: at(0.99), max: times.at(-1) };
}

const post = (body) =>
  fetch(`${url}/import?dryRun=true`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body,
  }).then(async (response) => {
    await response.text();
    return response.status;
  });

const depth = 3_000_000;
const deep = `{"unknown":${"[".repeat(depth)}${"]".repeat(depth)}}`;
const entries = Array.from({ length: 20_000 }, (_, i) => ({
  ref: `ratings.csv line ${i + 2}`,
  title: `A film with a long enough title, number ${i}`,
  year: 1990 + (i % 30),
  originalTitle: null,
  imdbId: `tt${String(1_000_000 + i)}`,
  tmdbId: null,
  rating: "LIKE",
  ratedAt: "2019-05-02T00:00:00.000Z",
  queued: { addedAt: "2018-01-01T00:00:00.000Z" },
  viewings: [{ watchedOn: "2019-05-01", rewatch: false }],
}));
entries[entries.length - 1].rating = "MEH";
let shallow = JSON.stringify({ importId: "bench", format: "imdb", entries });
shallow = shallow.padEnd(6 * 1024 * 1024 - 1, " ");

const idle = await healthDuring(() => sleep(2000));
const deepRun = await healthDuring(() => Promise.all(Array.from({ length: PARALLEL }, () => post(deep))));
const rssAfterDeep = peakRssMb();
const shallowRun = await healthDuring(() => Promise.all(Array.from({ length: PARALLEL }, () => post(shallow))));

const line = (name, run) =>
  `${name.padEnd(44)} p50 ${run.p50.toFixed(1).padStart(6)} ms  p99 ${run.p99.toFixed(1).padStart(6)} ms  max ${run.max.toFixed(1).padStart(6)} ms  (${run.probes} probes)`;
console.log(
  `bodies: deep ${(deep.length / 1024 / 1024).toFixed(1)} MB, shallow ${(shallow.length / 1024 / 1024).toFixed(1)} MB, ${PARALLEL} in parallel`,
);
console.log(line("/health idle", idle));
console.log(`${line(`/health during ${PARALLEL} deep bodies`, deepRun)}  statuses ${[...new Set(deepRun.result)].join(",")}`);
console.log(
  `${line(`/health during ${PARALLEL} shallow 20,000-entry bodies`, shallowRun)}  statuses ${[...new Set(shallowRun.result)].join(",")}`,
);
console.log(
  `max /health during deep ÷ idle p50: ${(deepRun.max / idle.p50).toFixed(1)}×; during shallow: ${(shallowRun.max / idle.p50).toFixed(1)}×`,
);
console.log(
  `API RSS peak: ${rssAfterDeep.toFixed(0)} MB after the deep bodies, ${peakRssMb().toFixed(0)} MB after all; now ${rssMb().toFixed(0)} MB`,
);

child.kill("SIGTERM");
await new Promise((resolve) => child.once("exit", resolve));
await database.drop();
