// Domain errors thrown by the services become answers in one place (the app's onError), never per route.
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApi } from "../helpers/api.js";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi();
});

describe("domain errors", () => {
  it("an unknown genre (UnknownGenreError) answers 422 invalid naming the known genres", async () => {
    const { token } = await api.register();
    const response = await api.request("GET", "/recommendations?genre=Nosuchgenre", { token });
    expect(response.status).toBe(422);
    expect(response.json.error.code).toBe("invalid");
    expect(response.json.error.message).toMatch(/^unknown genre "Nosuchgenre"; known genres: .*Science Fiction/);
  });

  it("a known genre is accepted", async () => {
    const { token } = await api.register();
    const response = await api.request("GET", "/recommendations?genre=science%20fiction", { token });
    expect(response.status).toBe(200);
    expect(response.json).toEqual([]);
  });
});
