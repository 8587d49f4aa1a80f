// Read replicas (DATABASE_REPLICA_URLS): Prisma's read-replica extension sends the reads of model
// queries to a replica (picked at random per query) and writes and transactions to the primary. Raw
// SQL it leaves on the primary, since it cannot know whether a statement writes; here every raw query
// run outside a transaction is a read (recommendations, stats, search marks: raw writes happen inside
// transactions — locks, the activity log — or on primaryOf(db), as the one-statement rating does), so
// top-level `$queryRaw` goes to a replica too.
// A user who just wrote reads from the primary: the API hands their requests primaryOf(db)
// (src/api/middleware/read-your-writes.ts).
import { readReplicas } from "@prisma/extension-read-replicas";
import { createDb, type Db, type DbOptions } from "./client.js";

interface RoutedDb extends Db {
  $primary(): Db;
  $replica(): Db;
}

/** True for a client made by createRoutedDb with at least one replica. */
export const hasReplicas = (db: Db): db is RoutedDb => "$primary" in db;

/** The primary's client, reading from the replicas when there are any. */
export function createRoutedDb(primaryUrl: string, replicaUrls: string[], options: DbOptions = {}): Db {
  const primary = createDb(primaryUrl, options);
  if (replicaUrls.length === 0) return primary;
  const replicas = replicaUrls.map((url) => createDb(url, options));
  const routed = primary.$extends(readReplicas({ replicas })) as unknown as RoutedDb;
  return new Proxy(routed, {
    get(target, property, receiver) {
      if (property === "$queryRaw" || property === "$queryRawUnsafe") {
        return (...args: unknown[]) => (target.$replica()[property] as (...args: unknown[]) => unknown)(...args);
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

/** Everything to the primary, reads included. */
export const primaryOf = (db: Db): Db => (hasReplicas(db) ? db.$primary() : db);
