// Who gets the next TMDB slot. Requests wait in three lanes, each a round robin over members:
// interactive (a person waiting: search, show, rate, where) always before bulk (imports' lookups),
// always before background (filling in and refreshing films' details: an import's next batch does not
// queue behind the details of its last). Within a lane, members take turns: one member's flood of lookups, or
// one member's import, never makes another member wait more than a turn. A slot is reserved from the
// budget only while requests wait (a couple ahead at most, so the processes of a server interleave
// fairly), and the request is chosen when the slot comes, not when it was reserved: a search arriving
// during the wait takes the slot.
import { AsyncLocalStorage } from "node:async_hooks";
import type { TmdbBudget } from "./budget.js";

export type Lane = "interactive" | "bulk" | "background";

const memberContext = new AsyncLocalStorage<string>();

/** Runs `work` on behalf of a member: the TMDB requests it makes take that member's turns. */
export const asMember = <T>(member: string, work: () => T): T => memberContext.run(member, work);

/** The member the current request works for ("" outside any: the server's own work). */
export const currentMember = () => memberContext.getStore() ?? "";

interface Job {
  start: () => void;
  cancelled: boolean;
}

/** Per-member queues taken in turn. */
class RoundRobin {
  private readonly queues = new Map<string, Job[]>();

  get size() {
    let size = 0;
    for (const queue of this.queues.values()) size += queue.length;
    return size;
  }

  push(member: string, job: Job) {
    const queue = this.queues.get(member);
    if (queue) queue.push(job);
    else this.queues.set(member, [job]);
  }

  /** The next member's oldest job; the member goes to the back of the line (Map order). */
  shift(): Job | undefined {
    for (const [member, queue] of this.queues) {
      this.queues.delete(member);
      let job = queue.shift();
      while (job?.cancelled) job = queue.shift();
      if (queue.length > 0) this.queues.set(member, queue);
      if (job) return job;
    }
    return undefined;
  }

  drop(job: Job) {
    job.cancelled = true;
    for (const [member, queue] of this.queues) {
      const index = queue.indexOf(job);
      if (index < 0) continue;
      queue.splice(index, 1);
      if (queue.length === 0) this.queues.delete(member);
      return;
    }
  }
}

/**
 * Background work waits until no bulk request has been queued for this long: an import sent in
 * batches (the CLI's, ~2 s each) leaves short gaps between them, which its earlier films' details
 * would otherwise fill, slowing the import back towards two calls a film.
 */
const BACKGROUND_AFTER_BULK_IDLE_MS = 1_500;

export interface SchedulerOptions {
  budget: TmdbBudget;
  /** Requests in flight at once. */
  concurrency: number;
  /** Slots of `concurrency` that bulk work never takes, so a person's request never waits for one. */
  interactiveReserve: number;
  /** Slots reserved ahead of need at most (more: smoother under a late timer, less fair between processes). */
  lookahead?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class TmdbScheduler {
  private readonly lanes = { interactive: new RoundRobin(), bulk: new RoundRobin(), background: new RoundRobin() };
  private inFlight = 0;
  private reserving = 0;
  private pausedUntil = 0;
  private lastBulkAt = 0;
  private backgroundTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: SchedulerOptions) {}

  /** Runs `call` in a slot of the budget, in `lane`, on the current member's turn. */
  run<T>(call: () => Promise<T>, lane: Lane, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    return new Promise<T>((resolve, reject) => {
      const job: Job = {
        cancelled: false,
        start: () => {
          signal?.removeEventListener("abort", onAbort);
          this.inFlight++;
          call()
            .then(resolve, reject)
            .finally(() => {
              this.inFlight--;
              this.pump();
            });
        },
      };
      const onAbort = () => {
        this.lanes[lane].drop(job);
        reject(signal!.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      if (lane === "bulk") this.lastBulkAt = Date.now();
      this.lanes[lane].push(currentMember(), job);
      this.pump();
    });
  }

  /** A 429 concerns the whole API key: no request of any lane starts for `ms`, in any process. */
  holdOff(ms: number) {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
    void this.options.budget.holdOff(ms);
  }

  /** Requests that could start in a slot reserved now: bulk and background ones only while they may take more slots. */
  private startable() {
    const { concurrency, interactiveReserve } = this.options;
    const bulkRoom = this.inFlight + this.reserving < concurrency - interactiveReserve;
    return this.lanes.interactive.size + (bulkRoom ? this.lanes.bulk.size + this.backgroundReady() : 0);
  }

  /** Background requests that may start now (none while bulk work was queued lately: see above). */
  private backgroundReady(): number {
    const waiting = this.lanes.background.size;
    if (waiting === 0) return 0;
    const idleFor = Date.now() - this.lastBulkAt;
    if (this.lanes.bulk.size === 0 && idleFor >= BACKGROUND_AFTER_BULK_IDLE_MS) return waiting;
    this.backgroundTimer ??= setTimeout(
      () => {
        this.backgroundTimer = undefined;
        this.pump();
      },
      Math.max(10, BACKGROUND_AFTER_BULK_IDLE_MS - idleFor),
    );
    this.backgroundTimer.unref();
    return 0;
  }

  private pump() {
    const lookahead = this.options.lookahead ?? 2;
    while (this.reserving < Math.min(lookahead, this.startable()) && this.inFlight + this.reserving < this.options.concurrency) {
      this.reserving++;
      void this.takeSlot();
    }
  }

  private async takeSlot() {
    try {
      const pause = this.pausedUntil - Date.now();
      if (pause > 0) await sleep(pause);
      const wait = await this.options.budget.reserve().catch(() => 0);
      if (wait > 0) await sleep(wait);
    } finally {
      this.reserving--;
    }
    // A 429 met while this slot was waiting: the slot is given up, the pause honoured.
    if (this.pausedUntil > Date.now()) return this.pump();
    const job = this.next();
    job?.start();
    this.pump();
  }

  private next(): Job | undefined {
    const interactive = this.lanes.interactive.shift();
    if (interactive) return interactive;
    if (this.inFlight >= this.options.concurrency - this.options.interactiveReserve) return undefined;
    return this.lanes.bulk.shift() ?? (this.backgroundReady() > 0 ? this.lanes.background.shift() : undefined);
  }
}
