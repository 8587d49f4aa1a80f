// Which API the CLI talks to and with which token: --api-url > WATCHLIST_API_URL > `config set api-url` > local mode.
import { ApiClient } from "./api-client.cjs";
import { usageError } from "./errors.cjs";
import { notice } from "./output/io.cjs";
import { readSettings, type Settings, serverEnvironment, writeSettings } from "./settings.cjs";

export interface GlobalOptions {
  apiUrl?: string;
  color?: boolean;
}

export interface ApiLocation {
  url: string;
  /** true when the CLI started or found its own background API (local mode). */
  local: boolean;
}

export async function locateApi(options: GlobalOptions, settings: Settings): Promise<ApiLocation> {
  const explicit = options.apiUrl || process.env.WATCHLIST_API_URL || settings["api-url"];
  if (explicit) return { url: checkedUrl(explicit), local: false };
  const { ensureLocalApi } = await import("../local/daemon.js");
  const local = await ensureLocalApi({ env: serverEnvironment(process.env, settings) });
  if (local.note && !local.started) notice(local.note);
  else if (local.started) notice(`${local.note ?? "started the local API"} at ${local.url}${startDetails(local)}`);
  return { url: local.url, local: true };
}

/** Where its data is, and which folders' access it changed so PostgreSQL's account reaches them (as root). */
function startDetails({ dataDir, opened }: import("../local/daemon.js").LocalApi): string {
  const details = dataDir ? [`data in ${dataDir}`] : [];
  if (opened) {
    const whom = opened.how === "acl" ? `the "${opened.account}" account` : `others (PostgreSQL runs as "${opened.account}")`;
    details.push(`gave ${whom} search access to ${opened.folders.join(", ")}`);
  }
  return details.length ? ` (${details.join("; ")})` : "";
}

function checkedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error();
  } catch {
    throw usageError(`'${url}' is not an http(s) URL (from --api-url, WATCHLIST_API_URL or \`watchlist config set api-url\`)`);
  }
  return url;
}

/** Which API a saved token belongs to: an origin, or "local" (the local API's port changes at each start). */
export const tokenScope = (location: ApiLocation) => (location.local ? "local" : new URL(location.url).origin);

/** A client of the API, with the saved token unless `anonymous`; a token is only sent to the API that issued it. */
export async function connect(options: GlobalOptions, { anonymous = false } = {}): Promise<ApiClient> {
  const settings = await readSettings();
  const location = await locateApi(options, settings);
  const scope = tokenScope(location);
  const token = !anonymous && settings["token-scope"] === scope ? settings.token : undefined;
  const hint = location.local ? "the local API stopped answering; see `watchlist server status` and the log in the config dir" : undefined;
  const saved = settings["write-mark"];
  const writeMarks = {
    last: saved?.scope === scope ? saved.mark : undefined,
    async remember(mark: string) {
      this.last = mark;
      await writeSettings({ "write-mark": { scope, mark } });
    },
  };
  return new ApiClient(location.url, token, hint, scope, writeMarks);
}
