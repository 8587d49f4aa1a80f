// A primary and a streaming replica of it, both real PostgreSQL servers of the test's own (the
// embedded binaries: nothing from the machine's PATH). The replica starts from a copy of the cleanly
// stopped primary's cluster, with standby.signal and primary_conninfo: the files pg_basebackup -R
// would write, without needing pg_basebackup.
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { applyMigrations } from "../../src/db/migrate.js";
import { type EmbeddedDatabase, startEmbeddedDatabase } from "../../src/local/embedded-db.js";

export interface ReplicaCluster {
  primaryUrl: string;
  replicaUrl: string;
  /** Runs SQL on the replica as its superuser (pause or resume WAL replay). */
  onReplica(sql: string): Promise<void>;
  /** Resolves once the replica has replayed everything the primary has written so far. */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

export async function startReplicaCluster(): Promise<ReplicaCluster> {
  const root = mkdtempSync(join(tmpdir(), "watchlist-replica-test-"));
  const primaryDir = join(root, "primary");
  const replicaDir = join(root, "replica");
  const running: EmbeddedDatabase[] = [];
  try {
    let primary = await startEmbeddedDatabase({ dataDir: primaryDir });
    running.push(primary);
    await applyMigrations(primary.url);
    await primary.stop();
    running.pop();
    cpSync(primaryDir, replicaDir, { recursive: true });

    primary = await startEmbeddedDatabase({ dataDir: primaryDir });
    running.push(primary);
    const { port, username } = new URL(primary.url);
    const password = readFileSync(join(primaryDir, "password"), "utf8").trim();
    writeFileSync(join(replicaDir, "pgdata", "standby.signal"), "");
    appendFileSync(
      join(replicaDir, "pgdata", "postgresql.auto.conf"),
      `primary_conninfo = 'host=127.0.0.1 port=${port} user=${username} password=${password}'\n`,
    );
    const replica = await startEmbeddedDatabase({ dataDir: replicaDir });
    running.push(replica);

    const query = async (url: string, sql: string) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query(sql)).rows;
      } finally {
        await client.end();
      }
    };
    const cluster: ReplicaCluster = {
      primaryUrl: primary.url,
      replicaUrl: replica.url,
      onReplica: async (sql) => {
        await query(replica.url, sql);
      },
      async caughtUp() {
        const [{ lsn }] = await query(primary.url, "SELECT pg_current_wal_lsn()::text AS lsn");
        for (let tries = 0; tries < 200; tries++) {
          const [{ behind }] = await query(replica.url, `SELECT pg_last_wal_replay_lsn() < '${lsn}'::pg_lsn AS behind`);
          if (!behind) return;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        throw new Error("the replica did not catch up within 10 s");
      },
      async stop() {
        for (const server of running.reverse()) await server.stop();
        rmSync(root, { recursive: true, force: true });
      },
    };
    await cluster.caughtUp();
    return cluster;
  } catch (error) {
    for (const server of running.reverse()) await server.stop();
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}
