// What the API processes of one server share beyond rows goes through one dedicated PostgreSQL
// connection per process (not a pool's: a pooled connection changes hands, and a session-level lock or
// a LISTEN would go with it):
// - notifications: LISTEN watchlist_session_ended (the triggers of migration shared_state), so a logout
//   on one process empties the session cache of every other within milliseconds;
// - session-level advisory locks (one import per account): they end with the connection, so a process
//   that dies, even by SIGKILL, releases its locks as PostgreSQL notices the socket close;
// - small statements of the TMDB budget (src/tmdb/budget.ts), off the request pool.
// It reconnects by itself; while it is down, `listening` is false and the session cache is not trusted.
import pg from "pg";
import { type Logger, silentLogger } from "../logger.js";

export const SESSION_ENDED_CHANNEL = "watchlist_session_ended";
const RECONNECT_MS = 1_000;

export interface Coordination {
  /** True while this process receives notifications: another process's logout reaches it in milliseconds. */
  readonly listening: boolean;
  /**
   * Calls `listener` with the account id whose sessions ended anywhere, or with null when notifications
   * may have been missed (the connection was lost): then everything cached is suspect.
   */
  onSessionEnded(listener: (userId: string | null) => void): void;
  /** Takes the named lock for this process unless another process (or this one) holds it. */
  tryLock(name: string): Promise<boolean>;
  unlock(name: string): Promise<void>;
  /** One statement on the coordination connection (queued behind the others: keep them short). */
  query<Row extends pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

export class CoordinationUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`the coordination connection to PostgreSQL is down (${cause instanceof Error ? cause.message : String(cause)})`);
    this.name = "CoordinationUnavailableError";
  }
}

// One 64-bit key per name: hashtextextended makes collisions between account ids negligible.
const LOCK = "pg_try_advisory_lock(hashtextextended($1, 0))";
const UNLOCK = "pg_advisory_unlock(hashtextextended($1, 0))";

/** Connects at the first need (and again after any loss); callers wait for the connection when they need it. */
export function createCoordination(connectionString: string, logger: Logger = silentLogger): Coordination {
  const listeners: Array<(userId: string | null) => void> = [];
  /** Locks this process holds: taken again after a reconnection (the old session's ended with it). */
  const held = new Set<string>();
  let closed = false;
  let listening = false;
  let current: pg.Client | undefined;
  let connection: Promise<pg.Client> | undefined;
  /** The connection, made at the first need (an app that never needs one costs none). */
  function connected(): Promise<pg.Client> {
    if (!connection) {
      connection = connect();
      connection.catch((error) => scheduleReconnect(error));
    }
    return connection;
  }

  function tell(userId: string | null) {
    for (const listener of listeners) listener(userId);
  }

  async function connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString, keepAlive: true, application_name: "watchlist coordination" });
    client.on("notification", (message) => {
      if (message.channel === SESSION_ENDED_CHANNEL && message.payload) tell(message.payload);
    });
    client.on("error", (error) => lost(client, error));
    client.on("end", () => lost(client, new Error("connection ended")));
    try {
      await client.connect();
      await client.query(`LISTEN ${SESSION_ENDED_CHANNEL}`);
      for (const name of held) {
        const [row] = (await client.query<{ locked: boolean }>(`SELECT ${LOCK} AS locked`, [name])).rows;
        if (!row?.locked) logger.warn("a lock was lost with the coordination connection and is now held elsewhere", { lock: name });
      }
    } catch (error) {
      client.end().catch(() => {});
      throw new CoordinationUnavailableError(error);
    }
    // Notifications sent while disconnected are gone: whatever was cached meanwhile is dropped.
    tell(null);
    listening = true;
    current = client;
    return client;
  }

  function lost(client: pg.Client, error: Error) {
    if (closed || client !== current) return;
    listening = false;
    current = undefined;
    tell(null);
    logger.warn("coordination connection lost; reconnecting", { message: error.message });
    client.end().catch(() => {});
    scheduleReconnect(error);
  }

  let reconnecting = false;
  function scheduleReconnect(error: unknown) {
    if (closed || reconnecting) return;
    reconnecting = true;
    // Callers asking meanwhile fail at once rather than hang: the request answers 503.
    connection = Promise.reject(new CoordinationUnavailableError(error));
    connection.catch(() => {});
    setTimeout(() => {
      reconnecting = false;
      if (closed) return;
      connection = connect();
      connection.catch((failure) => scheduleReconnect(failure));
    }, RECONNECT_MS).unref();
  }

  async function query<Row extends pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<Row[]> {
    const client = await connected();
    try {
      return (await client.query<Row>(sql, values)).rows;
    } catch (error) {
      if (client !== current) throw new CoordinationUnavailableError(error);
      throw error;
    }
  }

  return {
    get listening() {
      return listening;
    },
    onSessionEnded(listener) {
      listeners.push(listener);
      connected().catch(() => {});
    },
    async tryLock(name) {
      // PostgreSQL's advisory locks nest within a session: this process asking twice must be refused here.
      if (held.has(name)) return false;
      held.add(name);
      try {
        const [row] = await query<{ locked: boolean }>(`SELECT ${LOCK} AS locked`, [name]);
        if (!row?.locked) held.delete(name);
        return row?.locked === true;
      } catch (error) {
        held.delete(name);
        throw error;
      }
    },
    async unlock(name) {
      held.delete(name);
      await query(`SELECT ${UNLOCK}`, [name]).catch((error) =>
        logger.warn("could not release a lock", { lock: name, message: error.message }),
      );
    },
    query,
    async close() {
      closed = true;
      listening = false;
      const client = await connection?.catch(() => undefined);
      await client?.end().catch(() => {});
    },
  };
}
