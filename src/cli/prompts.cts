// Questions asked of a person at a TTY (inquirer, loaded only when a question is asked). Messages and
// choices often carry titles from a server: they are made terminal-safe like every other print.
import { movieLabel } from "./movie-argument.cjs";
import { stripControls } from "./output/safe-text.cjs";
import type { Movie } from "./types.cjs";
import { PRIORITIES, type Priority, RATINGS, type Rating, ratingLabel } from "./vocabulary.cjs";

const prompts = () => import("@inquirer/prompts");

export async function askText(message: string, validate?: (value: string) => true | string): Promise<string> {
  const { input } = await prompts();
  return input({ message, validate: validate ?? ((value) => (value.trim() ? true : "required")) });
}

export async function askPassword(message = "Password"): Promise<string> {
  const { password } = await prompts();
  return password({ message, mask: true, validate: (value) => (value ? true : "required") });
}

export async function askConfirm(message: string, fallback = false): Promise<boolean> {
  const { confirm } = await prompts();
  return confirm({ message: stripControls(message), default: fallback });
}

export async function askRating(movie: Movie): Promise<Rating> {
  const { select } = await prompts();
  return select<Rating>({
    message: stripControls(`Your rating for ${movieLabel(movie)}`),
    choices: RATINGS.map((rating) => ({ name: ratingLabel(rating), value: rating })),
    default: "LIKE",
  });
}

export async function askPriority(current?: Priority | null): Promise<Priority> {
  const { select } = await prompts();
  return select<Priority>({
    message: "Priority",
    choices: [...PRIORITIES].reverse().map((priority) => ({ name: priority.toLowerCase(), value: priority })),
    default: current ?? "MEDIUM",
  });
}

export async function chooseFrom<T>(message: string, choices: { name: string; value: T; description?: string }[]): Promise<T> {
  const { select } = await prompts();
  const safeChoices = choices.map((choice) => ({
    ...choice,
    name: stripControls(choice.name),
    description: choice.description === undefined ? undefined : stripControls(choice.description),
  }));
  return select<T>({ message: stripControls(message), choices: safeChoices, pageSize: 10 });
}
