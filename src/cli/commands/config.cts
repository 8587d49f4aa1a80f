import { CliError, usageError } from "../errors.cjs";
import { notice, print, printJson } from "../output/io.cjs";
import { PUBLIC_SETTINGS, type PublicSetting, readSettings, TMDB_SETTINGS, writeSettings } from "../settings.cjs";

function settingName(key: string): PublicSetting {
  if (!(PUBLIC_SETTINGS as readonly string[]).includes(key))
    throw usageError(`unknown setting '${key}': use ${PUBLIC_SETTINGS.join(" or ")}`);
  return key as PublicSetting;
}

export async function get(key: string | undefined, options: { json?: boolean }): Promise<void> {
  const settings = await readSettings();
  if (key !== undefined) {
    const value = settings[settingName(key)];
    if (options.json) return printJson(value ?? null);
    // Like `git config`: an unset key prints nothing and fails, so scripts can test for it.
    if (value === undefined) throw new CliError(`${key} is not set`);
    return print(value);
  }
  const shown = Object.fromEntries(PUBLIC_SETTINGS.map((name) => [name, settings[name] ?? null]));
  if (options.json) return printJson(shown);
  // The overview masks the key (it may be on a shared screen); `config get tmdb-key` prints it whole.
  const display = (name: PublicSetting) => {
    const value = settings[name];
    if (value === undefined) return "(not set)";
    return name === "tmdb-key" ? `${"*".repeat(Math.max(0, value.length - 4))}${value.slice(-4)}` : value;
  };
  print(PUBLIC_SETTINGS.map((name) => `${name} = ${display(name)}`).join("\n"));
}

export async function set(key: string, value: string): Promise<void> {
  const name = settingName(key);
  if (!value.trim()) throw usageError(`the value of ${name} is empty: to remove it, \`watchlist config unset ${name}\``);
  if ((name === "api-url" || name === "tmdb-base-url") && !/^https?:\/\/[^/]/.test(value))
    throw usageError(`'${value}' is not an http(s) URL`);
  await writeSettings({ [name]: value });
  notice(`${name} set${await restartForTmdb(name)}`);
}

export async function unset(key: string): Promise<void> {
  const name = settingName(key);
  await writeSettings({ [name]: undefined });
  notice(`${name} unset${await restartForTmdb(name)}`);
}

/**
 * The local API reads the TMDB settings at its start: a running one is stopped and the next command
 * starts it anew, unless another command (an import in another shell) is using it: it is not cut off,
 * and the first command after it restarts the API.
 */
async function restartForTmdb(name: PublicSetting): Promise<string> {
  if (!TMDB_SETTINGS.includes(name)) return "";
  const { clientsText, stopLocalApiWhenIdle } = await import("../../local/daemon.js");
  const { stopped, busy } = await stopLocalApiWhenIdle();
  if (busy.length > 0)
    return `; the local API keeps running, as ${clientsText(busy)} using it: the first command after that restarts it with this change`;
  return stopped ? "; stopped the local API, the next command starts it with this change" : "";
}
