#!/usr/bin/env node
// Load with races: USERS users for SECONDS seconds, each driven by two concurrent clients that mix
// rate / queue / watched / unrate / unqueue / list on the same few films. Afterwards, checked in SQL:
// no film both rated and queued; every acknowledged write that no other write of the same film raced
// is what the database holds, and so is a last, unraced write per film; no 5xx. Prints req/s, p50/p99
// and the API's RSS over the run (flat means no leak).
// Usage: npm run build && node bench/load.mjs [--users 50] [--seconds 60] [--films 6]
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import pg from "pg";
import { scratchDatabase } from "./scratch-database.mjs";
import { startServe } from "./serve.mjs";

const { values: args } = parseArgs({
  options: {
    users: { type: "string", default: "50" },
    seconds: { type: "string", default: "60" },
    films: { type: "string", default: "6" },
  },
});
const USERS = Number(args.users);
const SECONDS = Number(args.seconds);
const FILMS = Number(args.films);
const RATINGS = ["DISLIKE", "OK", "LIKE", "SUPER_LIKE"];
const PRIORITIES = ["LOW", "MEDIUM", "HIGH"];

const database = scratchDatabase("watchlist_load");
await database.create();
const api = await startServe({
  DATABASE_URL: database.url,
  JWT_SECRET: "load-bench-secret-load-bench-secret-!!",
  TMDB_BASE_URL: "http://127.0.0.1:1/3",
  TMDB_API_KEY: "unused",
});
try {
  const films = await cacheFilms(FILMS);
  const users = await Promise.all(Array.from({ length: USERS }, (_, i) => register(`load${i}`)));

  const rss = [];
  const sampler = setInterval(() => rss.push(rssMb(api.child.pid)), 1_000);
  const latencies = [];
  const statuses = new Map();
  /** Per user and film: every acknowledged write, with when it started and ended. */
  const writes = new Map();
  const deadline = Date.now() + SECONDS * 1_000;

  async function client(user) {
    while (Date.now() < deadline) {
      const film = films[Math.floor(Math.random() * films.length)];
      const op = pick(["rate", "queue", "watched", "unrate", "unqueue", "list", "list"]);
      const started = performance.now();
      const answer = await send(user, op, film);
      const ended = performance.now();
      latencies.push(ended - started);
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      if (op !== "list" && answer.status < 300) {
        const key = `${user.id}:${film}`;
        if (!writes.has(key)) writes.set(key, []);
        writes.get(key).push({ op, value: answer.value, started, ended });
      }
    }
  }
  const began = performance.now();
  await Promise.all(users.flatMap((user) => [client(user), client(user)]));
  const elapsed = (performance.now() - began) / 1_000;
  clearInterval(sampler);

  // A last write per film and user, unraced: it must stick.
  const finals = [];
  for (const user of users) {
    for (const film of films) {
      const op = pick(["rate", "queue", "unrate", "unqueue"]);
      const answer = await send(user, op, film);
      if (answer.status < 300) finals.push({ key: `${user.id}:${film}`, op, value: answer.value });
    }
  }

  const state = await databaseState();
  const bothRatedAndQueued = [...state.values()].filter((entry) => entry.rating && entry.priority).length;
  let unraced = 0;
  let lost = 0;
  for (const [key, list] of writes) {
    list.sort((a, b) => a.ended - b.ended);
    const last = list.at(-1);
    const raced = list.slice(0, -1).some((other) => other.ended > last.started);
    if (raced || finals.some((final) => final.key === key)) continue;
    unraced++;
    if (!holds(state.get(key), last)) lost++;
  }
  const finalLost = finals.filter((final) => !holds(state.get(final.key), final)).length;
  const serverErrors = [...statuses].filter(([status]) => status >= 500).reduce((sum, [, count]) => sum + count, 0);

  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1);
  console.log(`load: ${USERS} users × 2 racing clients, ${FILMS} films each, ${elapsed.toFixed(0)} s`);
  console.log(`requests: ${latencies.length} (${(latencies.length / elapsed).toFixed(0)} req/s), p50 ${at(0.5)} ms, p99 ${at(0.99)} ms`);
  console.log(
    `statuses: ${[...statuses]
      .sort()
      .map(([status, count]) => `${status}×${count}`)
      .join(" ")}`,
  );
  console.log(`API RSS (MB): start ${rss[0]}, middle ${rss[Math.floor(rss.length / 2)]}, end ${rss.at(-1)}, max ${Math.max(...rss)}`);
  console.log(
    `checks: 5xx ${serverErrors}; rated and queued at once ${bothRatedAndQueued}; unraced writes lost ${lost} of ${unraced}; last writes lost ${finalLost} of ${finals.length}`,
  );
  if (serverErrors || bothRatedAndQueued || lost || finalLost) process.exitCode = 1;
} finally {
  api.child.kill("SIGTERM");
  await new Promise((resolve) => api.child.once("exit", resolve));
  await database.drop();
}

function pick(list) {
  return list[Math.floor(Math.random() * list.length)];
}

/** Whether the database state of a (user, film) is what this write left. */
function holds(entry = {}, write) {
  switch (write.op) {
    case "rate":
    case "watched":
      return entry.rating === write.value && !entry.priority;
    case "queue":
      return entry.priority === write.value && !entry.rating;
    case "unrate":
      return !entry.rating;
    case "unqueue":
      return !entry.priority;
  }
}

async function send(user, op, film) {
  const rating = pick(RATINGS);
  const priority = pick(PRIORITIES);
  const request = {
    rate: ["PUT", `/ratings/${film}`, { rating }, rating],
    watched: ["POST", `/watchlist/${film}/watched`, { rating }, rating],
    queue: ["PUT", `/watchlist/${film}`, { priority }, priority],
    unrate: ["DELETE", `/ratings/${film}`],
    unqueue: ["DELETE", `/watchlist/${film}`],
    list: ["GET", pick(["/ratings", "/watchlist"])],
  }[op];
  const [method, path, body, value] = request;
  const response = await fetch(api.url + path, {
    method,
    headers: { Authorization: `Bearer ${user.token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  await response.arrayBuffer();
  return { status: response.status, value };
}

async function register(username) {
  const response = await fetch(`${api.url}/auth/register`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: `${username}@load.example`, username, password: "load test password" }),
  });
  const { token, user } = await response.json();
  return { token, id: user.id };
}

/** Films in the cache, fresh: the API never needs TMDB during the run. */
async function cacheFilms(count) {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const ids = Array.from({ length: count }, (_, i) => 900_000 + i);
    for (const tmdbId of ids) {
      await client.query(
        `INSERT INTO "Movie" (id, "tmdbId", title, "releaseDate", genres, director, "cast", runtime)
         VALUES ($1, $2, $3, '2020-01-01', '[{"id":18,"name":"Drama"}]', 'A Director', '[]', 100)`,
        [randomUUID(), tmdbId, `Load film ${tmdbId}`],
      );
    }
    return ids;
  } finally {
    await client.end();
  }
}

async function databaseState() {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query(`
      SELECT u.id || ':' || m."tmdbId" AS key, um.rating, w.priority
      FROM "User" u CROSS JOIN "Movie" m
      LEFT JOIN "UserMovie" um ON um."userId" = u.id AND um."movieId" = m.id
      LEFT JOIN "Watchlist" w ON w."userId" = u.id AND w."movieId" = m.id`);
    return new Map(rows.map((row) => [row.key, { rating: row.rating, priority: row.priority }]));
  } finally {
    await client.end();
  }
}

function rssMb(pid) {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m);
  return line ? Math.round(Number(line[1]) / 1024) : Number.NaN;
}
