// Who gets the next TMDB slot. Requests wait in three lanes, each a round robin over members:
// interactive (a person waiting: search, show, rate, where) always before bulk (imports' lookups),
// before background (filling in and refreshing films' details: an import's next batch does not queue
// behind the details of its last), which still takes one slot in BACKGROUND_SHARE while bulk work
// waits. Within a lane, members take turns: one member's flood of lookups, or one member's import,
// never makes another member wait more than a turn. A slot is reserved from the
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
 * While bulk work waits, background work takes one slot in this many (and every slot bulk work leaves
 * free, as between an import's batches): a long import's first films get their details while it runs,
 * so all of them are filled in soon after it ends. bench/import.mjs, 400 films through the CLI: 11.5 s
 * importing and 9.6 s more for the details, against 10.6 s and 11.7 s when background work waited
 * for bulk work to pause 1.5 s.
 */
const BACKGROUND_SHARE = 20;

export interface SchedulerOptions {
  budget: TmdbBudget;
  /** Requests in flight at once. */
  concurrency: number;
  /** Slots of `concurrency` that bulk work never takes, so a person's request never waits for one. */
  interactiveReserve: number;
  /** Slots reserved ahead of need at most (more: smoother under a late timer, less fair between processes). */
  lookahead?: number;
}

/** A slot left later than this moves the ones after it (budget.ts, slip): smaller delays are within TMDB's margin. */
const SLIP_AFTER_MS = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class TmdbScheduler {
  private readonly lanes = { interactive: new RoundRobin(), bulk: new RoundRobin(), background: new RoundRobin() };
  private inFlight = 0;
  private reserving = 0;
  private pausedUntil = 0;
  /** Slots bulk work took since background work last had one (BACKGROUND_SHARE). */
  private bulkSlotsSinceBackground = 0;

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
    return this.lanes.interactive.size + (bulkRoom ? this.lanes.bulk.size + this.lanes.background.size : 0);
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
      if (wait > 0) {
        const due = performance.now() + wait;
        await sleep(wait);
        const late = performance.now() - due;
        if (late > SLIP_AFTER_MS) void this.options.budget.slip(late);
      }
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
    if (this.bulkSlotsSinceBackground < BACKGROUND_SHARE - 1) {
      const bulk = this.lanes.bulk.shift();
      if (bulk) {
        this.bulkSlotsSinceBackground++;
        return bulk;
      }
    }
    const background = this.lanes.background.shift();
    if (background) this.bulkSlotsSinceBackground = 0;
    return background ?? this.lanes.bulk.shift();
  }
}
