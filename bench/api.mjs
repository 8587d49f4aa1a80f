#!/usr/bin/env node
// API throughput against the same answers written by hand (JWT verified, account checked, ONE SQL
// query with `pg` behind bare `node:http`), side by side in one run: GET /watchlist (50 queued films),
// PUT /ratings/:tmdbId and GET /ratings (50 rated films), autocannon at 50 connections. Target
// (issue 11): the real API at ≥ 0.6× of the hand-written requests per second on each route.
// The real API is the compiled one (`npm run build`), started by startServer() with production
// settings (NODE_ENV=production, LOG_LEVEL=info). Each server runs in a process of its own.
// Usage: node bench/api.mjs [--duration S] [--connections N] [--only PUT] [--check]
// (DATABASE_POOL_SIZE is passed on to the real API; BENCH_API_NODE_ARGS are its node flags.)
// A scratch database is created on the PostgreSQL of BENCH_DATABASE_URL (default: the local server).
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { isDeepStrictEqual, parseArgs } from "node:util";
import autocannon from "autocannon";
import jwt from "jsonwebtoken";
import pg from "pg";
import { scratchDatabase } from "./scratch-database.mjs";

const TARGET = 0.6;
const JWT_SECRET = "bench-secret-bench-secret-bench-secret";
const QUEUED = 50;
const RATED = 50;
const RATINGS = ["DISLIKE", "OK", "LIKE", "SUPER_LIKE"];

const { values: args } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "50" },
    check: { type: "boolean", default: false },
    // Only the routes whose name contains this (e.g. "PUT").
    only: { type: "string", default: "" },
    // Internal: run one of the two servers in this process.
    serve: { type: "string" },
    "database-url": { type: "string" },
  },
});

if (args.serve === "api") await serveApi(args["database-url"]);
else if (args.serve === "hand") await serveHand(args["database-url"]);
else await main();

// ---------------------------------------------------------------------------------------------------
// The real API: the compiled startServer(), as `watchlist serve` runs it in production.
// Counted for the report: SQL round trips (every query of node-postgres, BEGIN and COMMIT included)
// and CPU time, per request — steadier than req/s on a busy machine.
function countWork() {
  let queries = 0;
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (...queryArgs) {
    queries++;
    return query.apply(this, queryArgs);
  };
  process.on("message", () => process.send({ queries, cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000 }));
}

async function serveApi(databaseUrl) {
  countWork();
  const { startServer } = await import("../dist/server.js");
  const server = await startServer({
    port: 0,
    env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "info", DATABASE_URL: databaseUrl, JWT_SECRET },
  });
  process.stdout.write(`listening on ${server.url}\n`);
  process.once("SIGTERM", () => server.close().then(() => process.exit(0)));
}

// ---------------------------------------------------------------------------------------------------
// The same answers by hand: one query each, the account check folded into it (no row: 401).
const MOVIE_COLUMNS = `m."tmdbId", m.title, m."releaseDate", m.overview, m."posterPath", m.genres, m.director, m."cast", m.runtime`;

const WATCHLIST_SQL = `
  SELECT w.priority, w."addedAt", ${MOVIE_COLUMNS}
  FROM "User" u
  LEFT JOIN "Watchlist" w ON w."userId" = u.id
  LEFT JOIN "Movie" m ON m.id = w."movieId"
  WHERE u.id = $1
  ORDER BY w.priority DESC, w."addedAt" DESC`;

const RATINGS_SQL = `
  SELECT um.rating, um.watched, um."createdAt", um."updatedAt", ${MOVIE_COLUMNS}
  FROM "User" u
  LEFT JOIN "UserMovie" um ON um."userId" = u.id
  LEFT JOIN "Movie" m ON m.id = um."movieId"
  WHERE u.id = $1
  ORDER BY um."updatedAt" DESC`;

// Upsert the rating and take the film off the watchlist in one statement.
const RATE_SQL = `
  WITH m AS (SELECT * FROM "Movie" WHERE "tmdbId" = $2),
  rated AS (
    INSERT INTO "UserMovie" (id, "userId", "movieId", rating, watched, "updatedAt")
    SELECT gen_random_uuid(), u.id, m.id, $3::"Rating", true, now() FROM "User" u, m WHERE u.id = $1
    ON CONFLICT ("userId", "movieId") DO UPDATE SET rating = excluded.rating, watched = true, "updatedAt" = now()
    RETURNING *
  ),
  unqueued AS (
    DELETE FROM "Watchlist" w USING rated WHERE w."userId" = rated."userId" AND w."movieId" = rated."movieId" RETURNING 1
  )
  SELECT rated.rating, rated.watched, rated."createdAt", rated."updatedAt", ${MOVIE_COLUMNS},
    EXISTS (SELECT 1 FROM unqueued) AS "removedFromQueue"
  FROM rated JOIN m ON m.id = rated."movieId"`;

const yearOf = (releaseDate) => {
  const year = releaseDate ? Number(releaseDate.slice(0, 4)) : Number.NaN;
  return Number.isInteger(year) && year > 0 ? year : null;
};

const movieJson = (row) => ({
  tmdbId: row.tmdbId,
  title: row.title,
  year: yearOf(row.releaseDate),
  releaseDate: row.releaseDate,
  overview: row.overview,
  posterPath: row.posterPath,
  genres: row.genres ?? [],
  director: row.director,
  directors: row.director ? row.director.split(", ") : [],
  cast: row.cast ?? [],
  runtime: row.runtime,
});

const ratingJson = (row) => ({
  movie: movieJson(row),
  rating: row.rating,
  watched: row.watched,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

async function serveHand(databaseUrl) {
  countWork();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const send = (res, status, body) => {
    const text = body === undefined ? "" : JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json" }).end(text);
  };
  const server = createServer(async (req, res) => {
    try {
      const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
      let userId;
      try {
        userId = jwt.verify(token ?? "", JWT_SECRET, { algorithms: ["HS256"] }).sub;
      } catch {
        return send(res, 401, { error: { code: "unauthorized", message: "invalid or expired token" } });
      }
      const { pathname } = new URL(req.url, "http://x");
      if (req.method === "GET" && pathname === "/watchlist") {
        const { rows } = await pool.query(WATCHLIST_SQL, [userId]);
        if (rows.length === 0) return send(res, 401, { error: { code: "unauthorized", message: "no such account" } });
        const entries = rows[0].tmdbId === null ? [] : rows;
        return send(
          res,
          200,
          entries.map((row) => ({ movie: movieJson(row), priority: row.priority, addedAt: row.addedAt })),
        );
      }
      if (req.method === "GET" && pathname === "/ratings") {
        const { rows } = await pool.query(RATINGS_SQL, [userId]);
        if (rows.length === 0) return send(res, 401, { error: { code: "unauthorized", message: "no such account" } });
        return send(res, 200, (rows[0].tmdbId === null ? [] : rows).map(ratingJson));
      }
      const rate = /^\/ratings\/(\d+)$/.exec(pathname);
      if (req.method === "PUT" && rate) {
        let text = "";
        for await (const chunk of req) text += chunk;
        const { rating } = JSON.parse(text);
        if (!RATINGS.includes(rating)) return send(res, 400, { error: { code: "validation", message: "bad rating" } });
        const { rows } = await pool.query(RATE_SQL, [userId, Number(rate[1]), rating]);
        if (rows.length === 0) return send(res, 404, { error: { code: "not_found", message: "no such movie or account" } });
        return send(res, 200, { ...ratingJson(rows[0]), removedFromQueue: rows[0].removedFromQueue });
      }
      return send(res, 404, { error: { code: "not_found", message: "no route" } });
    } catch (error) {
      return send(res, 500, { error: { code: "internal", message: String(error) } });
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`);
  process.once("SIGTERM", () => server.close(() => pool.end().then(() => process.exit(0))));
}

// ---------------------------------------------------------------------------------------------------
function startChild(role, databaseUrl) {
  // BENCH_API_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") goes to the real API's process.
  const nodeArgs = role === "api" ? (process.env.BENCH_API_NODE_ARGS?.split(" ").filter(Boolean) ?? []) : [];
  const script = new URL(import.meta.url).pathname;
  const child = spawn(process.execPath, [...nodeArgs, script, "--serve", role, "--database-url", databaseUrl], {
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr.on("data", (chunk) => {
      err += chunk;
    });
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const match = /listening on (\S+)/.exec(out);
      if (match) resolve({ url: match[1], child, stderr: () => err, counters: () => counters(child) });
    });
    child.on("exit", (code) => reject(new Error(`${role} server exited ${code}: ${err}`)));
  });
}

/** The real API's SQL round trips and CPU milliseconds so far. */
function counters(child) {
  return new Promise((resolve) => {
    child.once("message", resolve);
    child.send("counters");
  });
}

async function stopChild(server) {
  if (!server) return;
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  server.child.kill("SIGTERM");
  await exited;
}

async function seed(databaseUrl, userId) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const rated = [];
    for (let i = 1; i <= QUEUED + RATED; i++) {
      const movieId = randomUUID();
      const tmdbId = 10_000 + i;
      await client.query(
        `INSERT INTO "Movie" (id, "tmdbId", title, overview, "posterPath", "releaseDate", genres, director, "cast", runtime)
         VALUES ($1, $2, $3, $4, '/poster.jpg', '2010-07-15', '[{"id":28,"name":"Action"},{"id":18,"name":"Drama"}]',
                 'Ann Director, Bo Director', '[{"name":"Some Actor","character":"Lead"},{"name":"Other Actor","character":"Friend"}]', 120)`,
        [movieId, tmdbId, `Bench movie ${i}`, `The overview of bench movie ${i}, long enough to look like one.`],
      );
      if (i <= QUEUED) {
        await client.query(`INSERT INTO "Watchlist" (id, "userId", "movieId", priority, "addedAt") VALUES ($1, $2, $3, $4, $5)`, [
          randomUUID(),
          userId,
          movieId,
          ["LOW", "MEDIUM", "HIGH"][i % 3],
          new Date(Date.UTC(2026, 0, 1) + i * 60_000),
        ]);
      } else {
        await client.query(
          `INSERT INTO "UserMovie" (id, "userId", "movieId", rating, watched, "updatedAt") VALUES ($1, $2, $3, $4, true, $5)`,
          [randomUUID(), userId, movieId, RATINGS[i % 4], new Date(Date.UTC(2026, 0, 1) + i * 60_000)],
        );
        rated.push(tmdbId);
      }
    }
    return rated;
  } finally {
    await client.end();
  }
}

async function fetchJson(url, token, init = {}) {
  const response = await fetch(url, {
    ...init,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
  });
  if (!response.ok) throw new Error(`${init.method ?? "GET"} ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

function cannon(url, options) {
  return new Promise((resolve, reject) => {
    autocannon({ url, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

async function main() {
  const duration = Number(args.duration);
  const connections = Number(args.connections);
  const database = scratchDatabase();
  await database.create();
  let api;
  let hand;
  try {
    api = await startChild("api", database.url); // applies the migrations
    const { user, token } = await fetchJson(`${api.url}/auth/register`, "", {
      method: "POST",
      body: JSON.stringify({ email: "bench@example.com", username: "bench", password: "bench password" }),
    });
    const rated = await seed(database.url, user.id);
    hand = await startChild("hand", database.url);

    // Same answers, or the comparison means nothing.
    for (const path of ["/watchlist", "/ratings"]) {
      const [ours, theirs] = await Promise.all([fetchJson(api.url + path, token), fetchJson(hand.url + path, token)]);
      if (!isDeepStrictEqual(ours, theirs)) throw new Error(`GET ${path}: the two servers answer differently`);
      if (ours.length !== (path === "/watchlist" ? QUEUED : RATED)) throw new Error(`GET ${path}: ${ours.length} entries`);
    }
    const put = (url) => fetchJson(`${url}/ratings/${rated[0]}`, token, { method: "PUT", body: '{"rating":"LIKE"}' });
    const [apiPut, handPut] = [await put(api.url), await put(hand.url)];
    const withoutTimes = ({ updatedAt: _u, ...rest }) => rest;
    if (!isDeepStrictEqual(withoutTimes(apiPut), withoutTimes(handPut)))
      throw new Error("PUT /ratings: the two servers answer differently");

    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    let turn = 0;
    // Each PUT rates the next of the 50 rated films with the next rating: no two in a row on one pair.
    const putRequests = [
      {
        method: "PUT",
        setupRequest: (request) => {
          turn++;
          return { ...request, path: `/ratings/${rated[turn % rated.length]}`, body: JSON.stringify({ rating: RATINGS[turn % 4] }) };
        },
      },
    ];
    const routes = [
      { name: "GET /watchlist", options: { path: "/watchlist" } },
      { name: "PUT /ratings/:id", options: { requests: putRequests } },
      { name: "GET /ratings", options: { path: "/ratings" } },
    ];
    console.log(`autocannon, ${connections} connections, ${duration} s per case (node ${process.version})`);
    let under = false;
    for (const route of routes.filter(({ name }) => name.includes(args.only))) {
      const results = {};
      // Interleaved, the hand-written one first; a short warm-up for each (JIT, pools).
      for (const [name, server] of [
        ["hand", hand],
        ["api", api],
      ]) {
        const base = { headers, connections, ...route.options };
        await cannon(server.url + (route.options.path ?? ""), { ...base, duration: 2 });
        const before = await server.counters();
        const result = await cannon(server.url + (route.options.path ?? ""), { ...base, duration });
        {
          const after = await server.counters();
          const requests = result.requests.total;
          result.perRequest = `  ${((after.queries - before.queries) / requests).toFixed(1)} queries/req  ${((after.cpuMs - before.cpuMs) / requests).toFixed(2)} ms CPU/req`;
        }
        if (result.non2xx || result.errors) throw new Error(`${route.name} on ${name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
        results[name] = result;
      }
      const ratio = results.api.requests.average / results.hand.requests.average;
      if (ratio < TARGET) under = true;
      for (const name of ["hand", "api"]) {
        const { requests, latency, perRequest = "" } = results[name];
        console.log(
          `${route.name.padEnd(18)} ${name.padEnd(5)} ${requests.average.toFixed(0).padStart(6)} req/s  p50 ${String(latency.p50).padStart(4)} ms  p99 ${String(latency.p99).padStart(4)} ms${perRequest}`,
        );
      }
      console.log(`${route.name.padEnd(18)} ratio ${ratio.toFixed(2)}×  ${ratio >= TARGET ? "ok" : "UNDER"} (target ≥ ${TARGET}×)`);
    }
    const log = api.stderr().split("\n").filter(Boolean);
    console.log(`the API logged ${log.length} lines (${log.filter((line) => / warn /.test(line)).length} warnings) during the run`);
    if (args.check && under) process.exitCode = 1;
  } finally {
    await stopChild(api);
    await stopChild(hand);
    await database.drop();
  }
}
