// The import's progress bar on stderr (only on a TTY): done/total, rate and ETA, drawn by cli-progress
// (loaded only here: ~8 ms of require, paid only by an import on a terminal).
import type { SingleBar } from "cli-progress";
import { drawingStream } from "../terminal.cjs";

export class ProgressBar {
  private readonly bar: SingleBar;
  private readonly started = Date.now();

  constructor(label: string, total: number) {
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

  /** Rate and ETA over the whole run: batches answer every second or two, at a steady pace. */
  update(done: number): void {
    const seconds = Math.max(0.001, (Date.now() - this.started) / 1000);
    const rate = done / seconds;
    const total = this.bar.getTotal();
    this.bar.update(done, { rate: rate.toFixed(1), remaining: rate > 0 ? duration((total - done) / rate) : "–" });
  }

  stop(): void {
    this.bar.stop();
  }
}

function duration(seconds: number): string {
  const whole = Math.ceil(seconds);
  return whole < 60 ? `${whole}s` : `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, "0")}s`;
}
