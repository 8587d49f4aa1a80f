// The members of a CLI test, registered through the binary, and `ok`: a command that must succeed.
import { expect } from "vitest";
import { type CliResult, cliUser } from "./cli.js";

export const PASSWORD = "correct horse battery staple";

export type CliUser = ReturnType<typeof cliUser>;

export async function ok(user: CliUser, args: string[]): Promise<CliResult> {
  const result = await user.run(args);
  expect(result.code, `watchlist ${args.join(" ")}\n${result.stderr}`).toBe(0);
  return result;
}

/** One CLI user per name (own config), each registered as `<name>@example.com` with PASSWORD. */
export async function registerMembers<const Name extends string>(apiUrl: string, names: Name[]): Promise<Record<Name, CliUser>> {
  const members = {} as Record<Name, CliUser>;
  for (const name of names) {
    const user = cliUser(apiUrl);
    const result = await user.run(["register", "--email", `${name}@example.com`, "--username", name, "--password-stdin"], {
      input: `${PASSWORD}\n`,
    });
    expect(result.code, result.stderr).toBe(0);
    members[name] = user;
  }
  return members;
}
