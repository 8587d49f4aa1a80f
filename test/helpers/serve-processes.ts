// Several real API processes (`watchlist serve`) over one database and one JWT secret, as a scaled
// deployment runs them behind a proxy: what one process does, the others must honour.
import { type ChildProcess, spawn } from "node:child_process";
import { afterAll } from "vitest";
import { BIN, ensureBuilt } from "../cli/helpers/build.js";
import { cleanEnv } from "../cli/helpers/cli.js";
import { FAKE_TMDB_KEY } from "../fake-tmdb/index.js";

export const SERVE_JWT_SECRET = "multi-process-secret-multi-process-secret";

export interface ServeProcess {
  url: string;
  /** The node process serving (not its shell): SIGKILL it to see what a crash leaves behind. */
  pid: number;
  child: ChildProcess;
  log(): string;
  /** SIGKILLs the API process (no cleanup of its own) and waits until it is gone. */
  crash(): Promise<void>;
}

export interface ServeOptions {
  databaseUrl: string;
  tmdbUrl?: string;
  env?: Record<string, string>;
}

/** Starts one `watchlist serve`; it stops at the end of the file's tests, or when this worker dies. */
export async function startServeProcess({ databaseUrl, tmdbUrl, env = {} }: ServeOptions): Promise<ServeProcess> {
  await ensureBuilt();
  // The API runs under a shell that kills it when its stdin (a pipe from this worker) closes.
  const serve = `"${process.execPath}" "${BIN}" serve --port 0 --host 127.0.0.1 & api=$!; echo "pid $api"; read -r _; kill $api 2>/dev/null; wait $api`;
  const child = spawn("sh", ["-c", serve], {
    env: cleanEnv({
      DATABASE_URL: databaseUrl,
      TMDB_BASE_URL: tmdbUrl ?? "http://127.0.0.1:1/3",
      TMDB_API_KEY: FAKE_TMDB_KEY,
      JWT_SECRET: SERVE_JWT_SECRET,
      LOG_LEVEL: "warn",
      ...env,
    }),
    stdio: ["pipe", "pipe", "pipe"],
  });
  let log = "";
  child.stderr!.setEncoding("utf8").on("data", (chunk) => (log += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const { url, pid } = await new Promise<{ url: string; pid: number }>((resolve, reject) => {
    let out = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk) => {
      out += chunk;
      const url = /^listening on (http:\/\/\S+)$/m.exec(out)?.[1];
      const pid = /^pid (\d+)$/m.exec(out)?.[1];
      if (url && pid) resolve({ url, pid: Number(pid) });
    });
    child.once("exit", (code) => reject(new Error(`watchlist serve exited ${code}:\n${log}`)));
  });
  afterAll(async () => {
    if (child.exitCode === null) {
      child.stdin!.end();
      await exited;
    }
  });
  const crash = async () => {
    process.kill(pid, "SIGKILL");
    child.stdin!.end();
    await exited;
  };
  return { url, pid, child, log: () => log, crash };
}

/** `count` processes started at once over the same database. */
export function startServeProcesses(count: number, options: ServeOptions): Promise<ServeProcess[]> {
  return Promise.all(Array.from({ length: count }, () => startServeProcess(options)));
}

export interface Answer {
  status: number;
  headers: Headers;
  json: any;
}

/** One HTTP request to a process, the answer's JSON parsed. */
export async function call(
  base: string,
  method: string,
  path: string,
  { token, body, headers = {} }: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const response = await fetch(base + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json };
}

let registered = 0;
/** A new account registered through `base`; its token. */
export async function registerOn(base: string, name = `member${++registered}_${process.pid}`) {
  const answer = await call(base, "POST", "/auth/register", {
    body: { email: `${name}@example.com`, username: name, password: "correct horse battery" },
  });
  if (answer.status !== 201) throw new Error(`register failed: ${answer.status} ${JSON.stringify(answer.json)}`);
  return { token: answer.json.token as string, email: `${name}@example.com`, id: answer.json.user.id as string };
}
