import { ApiRequestError } from "../api-client.cjs";
import { CliError } from "../errors.cjs";
import { loadRenderers } from "../output/load.cjs";
import { print, printJson } from "../output/io.cjs";
import { withSpinner } from "../output/spinner.cjs";
import { connect, type GlobalOptions } from "../session.cjs";

export async function run(options: GlobalOptions & { limit?: number; genre?: string; json?: boolean }): Promise<void> {
  const api = await connect(options);
  let recommendations;
  try {
    recommendations = await withSpinner("Finding movies for you", () => api.recommendations({ limit: options.limit, genre: options.genre }));
  } catch (error) {
    // An API older than recommendations answers "no route".
    if (error instanceof ApiRequestError && error.status === 404 && /no route/.test(error.message)) {
      throw new CliError("recommendations are not available yet on this API");
    }
    throw error;
  }
  if (options.json) return printJson(recommendations);
  const { renderRecommendations } = await loadRenderers();
  print(renderRecommendations(recommendations));
}
