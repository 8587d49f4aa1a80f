import { usageError } from "../errors.cjs";
import { notice, print, printJson } from "../output/io.cjs";
import { PUBLIC_SETTINGS, readSettings, writeSettings, type PublicSetting } from "../settings.cjs";

function settingName(key: string): PublicSetting {
  if (!(PUBLIC_SETTINGS as readonly string[]).includes(key)) throw usageError(`unknown setting '${key}': use ${PUBLIC_SETTINGS.join(" or ")}`);
  return key as PublicSetting;
}

export async function get(key: string | undefined, options: { json?: boolean }): Promise<void> {
  const settings = await readSettings();
  if (key !== undefined) {
    const value = settings[settingName(key)];
    if (options.json) return printJson(value ?? null);
    if (value !== undefined) print(value);
    return;
  }
  const shown = Object.fromEntries(PUBLIC_SETTINGS.map((name) => [name, settings[name] ?? null]));
  if (options.json) return printJson(shown);
  print(PUBLIC_SETTINGS.map((name) => `${name} = ${settings[name] ?? "(not set)"}`).join("\n"));
}

export async function set(key: string, value: string): Promise<void> {
  const name = settingName(key);
  if (name === "api-url" && !/^https?:\/\/[^/]/.test(value)) throw usageError(`'${value}' is not an http(s) URL`);
  await writeSettings({ [name]: value });
  notice(name === "tmdb-key" ? "tmdb-key set; a running local API picks it up after `watchlist server stop`" : `${name} set`);
}

export async function unset(key: string): Promise<void> {
  const name = settingName(key);
  await writeSettings({ [name]: undefined });
  notice(`${name} unset`);
}
