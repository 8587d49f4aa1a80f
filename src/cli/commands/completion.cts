import { bashScript, commandTree, fishScript, zshScript } from "../completion.cjs";
import { usageError } from "../errors.cjs";
import { buildProgram } from "../main.cjs";
import { printOwn } from "../output/io.cjs";

const scripts = { bash: bashScript, zsh: zshScript, fish: fishScript };

export async function run(shell: string): Promise<void> {
  const script = scripts[shell as keyof typeof scripts];
  if (!script) throw usageError(`no completion for '${shell}': use bash, zsh or fish`);
  printOwn(script(commandTree(buildProgram())));
}
