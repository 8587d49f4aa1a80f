// An ora spinner on stderr while the network answers; only on a TTY, and only for waits long enough
// to notice (ora is loaded then, not at start-up). A terminal of 0 columns is drawn as 80 wide.
import { drawingStream } from "../terminal.cjs";
import { stripControls } from "./safe-text.cjs";

const SHOW_AFTER_MS = 150;

export async function withSpinner<T>(text: string, work: () => Promise<T>): Promise<T> {
  if (!process.stderr.isTTY) return work();
  let stop = () => {};
  let cancelled = false;
  const timer = setTimeout(async () => {
    const { default: ora } = await import("ora");
    if (cancelled) return;
    const spinner = ora({ text: stripControls(text), stream: drawingStream(process.stderr), discardStdin: false }).start();
    stop = () => spinner.stop();
  }, SHOW_AFTER_MS);
  try {
    return await work();
  } finally {
    cancelled = true;
    clearTimeout(timer);
    stop();
  }
}
