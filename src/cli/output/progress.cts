// The import's progress bar on stderr (only on a TTY): done/total, rate and ETA, drawn by cli-progress
// (loaded only here: ~8 ms of require, paid only by an import on a terminal).
import type { SingleBar } from "cli-progress";
import { drawingStream } from "../terminal.cjs";

/**
 * Rate and time left, counted over the entries that needed work: a resumed import first goes through
 * what it already sent (answered "unchanged" in a moment), and counting those made the ETA say 1 s
 * for 85 s of matching. Until the first entry past them is done there is no estimate.
 */
export class Eta {
  private workFrom?: { at: number; done: number };

  constructor(
    private readonly total: number,
    /** Entries already sent by the interrupted run this one resumes. */
    private readonly alreadySent: number,
    started: number,
  ) {
    if (alreadySent === 0) this.workFrom = { at: started, done: 0 };
  }

  update(done: number, now: number): { rate?: number; secondsLeft?: number } {
    if (!this.workFrom) {
      if (done >= this.alreadySent) this.workFrom = { at: now, done };
      return {};
    }
    const worked = done - this.workFrom.done;
    if (worked <= 0) return {};
    const rate = worked / Math.max(0.001, (now - this.workFrom.at) / 1000);
    return { rate, secondsLeft: (this.total - done) / rate };
  }
}

export class ProgressBar {
  private readonly bar: SingleBar;
  private readonly eta: Eta;

  constructor(label: string, total: number, alreadySent = 0) {
    this.eta = new Eta(total, alreadySent, Date.now());
    const { SingleBar, Presets } = require("cli-progress") as typeof import("cli-progress");
    this.bar = new SingleBar(
      {
        stream: drawingStream(process.stderr),
        format: `${label} {bar} {value}/{total} · {rate}/s · ETA {remaining}`,
        barsize: 30,
        hideCursor: true,
        clearOnComplete: true,
        fps: 4,
      },
      Presets.shades_classic,
    );
    this.bar.start(total, 0, { rate: "–", remaining: "–" });
  }

  /** Rate and ETA over the run's work: batches answer every second or two, at a steady pace. */
  update(done: number): void {
    const { rate, secondsLeft } = this.eta.update(done, Date.now());
    this.bar.update(done, {
      rate: rate === undefined ? "–" : rate.toFixed(1),
      remaining: secondsLeft === undefined ? "–" : duration(secondsLeft),
    });
  }

  stop(): void {
    this.bar.stop();
  }
}

function duration(seconds: number): string {
  const whole = Math.ceil(seconds);
  return whole < 60 ? `${whole}s` : `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, "0")}s`;
}
