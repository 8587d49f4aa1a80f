// A stream of data for a terminal (an export to the screen), passed on a line at a time through
// `safe`, so that a control sequence split between two chunks is still whole when it is made safe.
// Loaded by io.cts only when such data goes to a terminal; io.cts gives the `write` to stdout.
import { Writable } from "node:stream";
import { StringDecoder } from "node:string_decoder";

export class LineSafeWriter extends Writable {
  private readonly decoder = new StringDecoder("utf8");
  private pending = "";

  constructor(
    private readonly safe: (text: string) => string,
    private readonly passOn: (text: string, done: () => void) => void,
  ) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    const text = this.pending + this.decoder.write(chunk);
    const end = text.lastIndexOf("\n") + 1;
    this.pending = text.slice(end);
    if (end === 0) done();
    else this.passOn(this.safe(text.slice(0, end)), done);
  }

  override _final(done: (error?: Error | null) => void): void {
    const rest = this.pending + this.decoder.end();
    if (!rest) done();
    else this.passOn(this.safe(rest), done);
  }
}
