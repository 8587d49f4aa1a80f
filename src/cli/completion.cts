// Shell completion scripts, generated from the commander program so they never drift from it.
import type { Command } from "commander";
import { PUBLIC_SETTINGS } from "./settings.cjs";

interface Node {
  /** "config get" */
  path: string[];
  description: string;
  options: { flags: string[]; description: string; takesValue: boolean; values: string[]; files: boolean }[];
  /** Its argument is a file (`import <file>`): complete file names there, not flags. */
  fileArgument: boolean;
  children: Node[];
}

/** An option or argument whose value is a path: `-o, --output <file>`, `<file>`. */
const NAMES_A_FILE = /^(?:file|path|dir)s?$/;
const valueName = (flags: string) => /[<[]([\w-]+)(?:\.\.\.)?[>\]]/.exec(flags)?.[1] ?? "";

/** Words worth offering as arguments beyond options and subcommands. */
const RATING_WORDS = ["dislike", "ok", "like", "super-like"];
/** Values of options whose parser accepts words (the ones declared with .choices() are read from commander). */
const OPTION_VALUES: Record<string, string[]> = {
  "--priority": ["low", "medium", "high"],
  "--rating": RATING_WORDS,
};

const ARGUMENT_WORDS: Record<string, string[]> = {
  rate: RATING_WORDS,
  watched: RATING_WORDS,
  completion: ["bash", "zsh", "fish"],
  "config get": [...PUBLIC_SETTINGS],
  "config set": [...PUBLIC_SETTINGS],
  "config unset": [...PUBLIC_SETTINGS],
};

export function commandTree(command: Command, path: string[] = []): Node {
  const options = command.options.map((option) => ({
    flags: [option.short, option.long].filter((flag): flag is string => Boolean(flag)),
    description: option.description,
    takesValue: option.required || option.optional,
    values: option.argChoices ?? OPTION_VALUES[option.long ?? ""] ?? [],
    files: NAMES_A_FILE.test(valueName(option.flags)),
  }));
  options.push({ flags: ["-h", "--help"], description: "show help", takesValue: false, values: [], files: false });
  return {
    path,
    description: command.description(),
    options,
    fileArgument: command.registeredArguments.some((argument) => NAMES_A_FILE.test(argument.name())),
    children: command.commands.map((child) => commandTree(child, [...path, child.name()])),
  };
}

function flatten(node: Node): Node[] {
  return [node, ...node.children.flatMap(flatten)];
}

const quoteFish = (text: string) => `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

export function bashScript(root: Node, name = "watchlist"): string {
  const nodes = flatten(root);
  const paths = nodes.filter((node) => node.path.length).map((node) => `/${node.path.join("/")}`);
  const cases = nodes.map((node) => {
    const words = [
      ...node.children.map((child) => child.path.at(-1)),
      ...node.options.flatMap((option) => option.flags.filter((flag) => flag.startsWith("--"))),
      ...(ARGUMENT_WORDS[node.path.join(" ")] ?? []),
    ];
    return `    "${node.path.length ? `/${node.path.join("/")}` : ""}") words="${words.join(" ")}" ;;`;
  });
  // After an option that takes one of a few words (queue --priority <TAB>), offer those words.
  const valueCases = nodes.flatMap((node) =>
    node.options
      .filter((option) => option.values.length)
      .map(
        (option) =>
          `    "/${node.path.join("/")} ${option.flags.find((flag) => flag.startsWith("--"))}") words="${option.values.join(" ")}" ;;`,
      ),
  );
  // After an option naming a file (export --output <TAB>), and at a command's file argument unless a
  // flag is being typed (import <TAB>): file names.
  const fileCases = nodes.flatMap((node) =>
    node.options.filter((option) => option.files).flatMap((option) => option.flags.map((flag) => `"/${node.path.join("/")} ${flag}"`)),
  );
  const fileArguments = nodes.filter((node) => node.fileArgument).map((node) => `"/${node.path.join("/")}"`);
  const fn = `_${name.replace(/\W/g, "_")}`;
  return `# ${name} completion for bash (source it, e.g. from ~/.bashrc)
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" path="" words="" i word
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    case "$path/$word" in
      ${paths.join("|")}) path="$path/$word" ;;
    esac
  done
  case "$path" in
${cases.join("\n")}
  esac
  case "$path $prev" in
${valueCases.join("\n")}
${fileCases.length ? `    ${fileCases.join("|")}) ${fn}_files; return ;;\n` : ""}\
${fileArguments.length ? `    *) [[ "$cur" != -* ]] && case "$path" in ${fileArguments.join("|")}) ${fn}_files; return ;; esac ;;\n` : ""}\
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
${fn}_files() {
  # zsh runs this through bashcompinit: no words here makes its \`-o default\` complete files (_files).
  if [[ -n "\${ZSH_VERSION-}" ]]; then COMPREPLY=(); return; fi
  compopt -o filenames 2>/dev/null
  local IFS=$'\\n'
  COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o default -F ${fn} ${name}
`;
}

export function zshScript(root: Node, name = "watchlist"): string {
  return `#compdef ${name}
# ${name} completion for zsh: zsh's bash-completion layer runs the bash function below.
autoload -U +X bashcompinit && bashcompinit
${bashScript(root, name)}`;
}

export function fishScript(root: Node, name = "watchlist"): string {
  const lines = [`# ${name} completion for fish`, `complete -c ${name} -f`];
  for (const node of flatten(root)) {
    // A node's words apply once its own path was typed and none of its children's.
    const seen = node.path.map((word) => `__fish_seen_subcommand_from ${word}`);
    const notChild = node.children.length ? [`not __fish_seen_subcommand_from ${node.children.map((c) => c.path.at(-1)).join(" ")}`] : [];
    const condition = node.path.length ? [...seen, ...notChild].join("; and ") : "__fish_use_subcommand";
    for (const child of node.children) {
      lines.push(`complete -c ${name} -n ${quoteFish(condition)} -a ${child.path.at(-1)} -d ${quoteFish(child.description)}`);
    }
    for (const option of node.options) {
      const flags = option.flags.map((flag) => (flag.startsWith("--") ? `-l ${flag.slice(2)}` : `-s ${flag.slice(1)}`)).join(" ");
      const values = option.values.length
        ? ` -x -a ${quoteFish(option.values.join(" "))}`
        : option.files
          ? " -r -F"
          : option.takesValue
            ? " -r"
            : "";
      lines.push(`complete -c ${name} -n ${quoteFish(condition)} ${flags}${values} -d ${quoteFish(option.description)}`);
    }
    const words = ARGUMENT_WORDS[node.path.join(" ")];
    if (words) lines.push(`complete -c ${name} -n ${quoteFish(condition)} -a ${quoteFish(words.join(" "))}`);
    if (node.fileArgument) lines.push(`complete -c ${name} -n ${quoteFish(condition)} -F`);
  }
  return `${lines.join("\n")}\n`;
}
