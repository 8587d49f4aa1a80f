// Read-your-writes across API processes: two `watchlist serve` over one primary and a real streaming
// replica, behind a round-robin proxy, driven by the real CLI. With the replica's replay paused, a
// member's reads from the process that did not take their write see it only if the write's mark
// travelled with the member (the CLI keeps it and sends it back).
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { READ_YOUR_WRITES_MS } from "../../src/api/middleware/read-your-writes.js";
import { cliUser } from "../cli/helpers/cli.js";
import { type FakeTmdb, startFakeTmdb } from "../fake-tmdb/index.js";
import { type ReplicaCluster, startReplicaCluster } from "../helpers/replica-cluster.js";
import { type ServeProcess, startServeProcesses } from "../helpers/serve-processes.js";

const INCEPTION = 27205;

let cluster: ReplicaCluster;
let fake: FakeTmdb;
let processes: ServeProcess[];
let proxy: Server;
let proxyUrl: string;
/** Which process answered each GET /ratings, in order. */
const ratingsServedBy: string[] = [];

/** A reverse proxy of our own: requests in turn to each process, GET /ratings in turn on its own. */
function startProxy(targets: string[]): Promise<void> {
  let next = 0;
  let nextRatings = 0;
  proxy = createServer((incoming, outgoing) => {
    const listing = incoming.method === "GET" && incoming.url?.startsWith("/ratings");
    const target = targets[(listing ? nextRatings++ : next++) % targets.length]!;
    if (listing) ratingsServedBy.push(target);
    const forwarded = httpRequest(target + incoming.url, { method: incoming.method, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    forwarded.on("error", () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  return new Promise((resolve) =>
    proxy.listen(0, "127.0.0.1", () => {
      proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      resolve();
    }),
  );
}

beforeAll(async () => {
  cluster = await startReplicaCluster();
  fake = await startFakeTmdb({ ratePerSecond: 40 });
  processes = await startServeProcesses(2, {
    databaseUrl: cluster.primaryUrl,
    tmdbUrl: fake.url,
    env: { DATABASE_REPLICA_URLS: cluster.replicaUrl },
  });
  await startProxy(processes.map((server) => server.url));
}, 180_000);

afterAll(async () => {
  await new Promise((resolve) => proxy?.close(resolve));
  await fake?.close();
  // The processes first (their own afterAll would run after this one), then the cluster under them.
  await Promise.all(
    (processes ?? []).map(async (server) => {
      if (server.child.exitCode !== null) return;
      const exited = new Promise((resolve) => server.child.once("exit", resolve));
      server.child.stdin!.end();
      await exited;
    }),
  );
  await cluster?.stop();
}, 60_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("read-your-writes across two API processes with a streaming replica", { timeout: 120_000 }, () => {
  it("shows a member their write on either process at once, and reads from the replica after the window", async () => {
    const member = cliUser(proxyUrl);
    const registered = await member.run(["register", "--email", "ryw@example.com", "--username", "ryw", "--password-stdin"], {
      input: "correct horse battery",
    });
    expect(registered.code, registered.stderr).toBe(0);
    // Past a token's first moments (read from the primary whatever happens) and the replica caught up.
    await sleep(1_000 + READ_YOUR_WRITES_MS + 200);
    await cluster.caughtUp();

    await cluster.onReplica("SELECT pg_wal_replay_pause()");
    try {
      const rated = await member.run(["rate", `tmdb:${INCEPTION}`, "super-like"]);
      expect(rated.code, rated.stderr).toBe(0);
      const ratedIds = async () => {
        const listed = await member.run(["ratings", "--json"]);
        expect(listed.code, listed.stderr).toBe(0);
        return listed.json<{ movie: { tmdbId: number } }[]>().map((entry) => entry.movie.tmdbId);
      };
      // Both processes answer a listing: the one that took the write and the other.
      expect(await ratedIds()).toEqual([INCEPTION]);
      expect(await ratedIds()).toEqual([INCEPTION]);
      expect(new Set(ratingsServedBy.slice(-2)).size).toBe(2);

      // Past the window, reads go to the replica (paused before the write): the write is not there yet.
      await sleep(READ_YOUR_WRITES_MS + 200);
      expect(await ratedIds()).toEqual([]);
      expect(await ratedIds()).toEqual([]);
    } finally {
      await cluster.onReplica("SELECT pg_wal_replay_resume()");
    }
  });
});
