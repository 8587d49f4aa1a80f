// The import's progress bar on stderr (only on a TTY): done/total, rate and ETA, drawn by cli-progress
// (loaded only here: ~8 ms of require, paid only by an import on a terminal).
import type { SingleBar } from "cli-progress";

export class ProgressBar {
  private readonly bar: SingleBar;
  private readonly started = Date.now();

  constructor(label: string, total: number) {
    const { SingleBar, Presets } = require("cli-progress") as typeof import("cli-progress");
    this.bar = new SingleBar(
      {
        stream: process.stderr,
        format: `${label} {bar} {value}/{total} · {rate}/s · ETA {eta_formatted}`,
        barsize: 30,
        hideCursor: true,
        clearOnComplete: true,
        // Batches answer every second or two: the ETA follows the last few, and ticks between them.
        etaBuffer: 5,
        etaAsynchronousUpdate: true,
        fps: 4,
      },
      Presets.shades_classic,
    );
    this.bar.start(total, 0, { rate: "–" });
  }

  update(done: number): void {
    const seconds = Math.max(0.001, (Date.now() - this.started) / 1000);
    this.bar.update(done, { rate: (done / seconds).toFixed(1) });
  }

  stop(): void {
    this.bar.stop();
  }
}
