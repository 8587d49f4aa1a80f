import { describe, expect, it } from "vitest";
import { createDb, parseDatabaseUrl, SLOW_QUERY_LOG_INTERVAL_MS, SLOW_QUERY_MS } from "../../src/db/client.js";
import { createLogger } from "../../src/logger.js";
import { useTestDatabase } from "../helpers/db.js";

const { url } = await useTestDatabase();

describe("database client", () => {
  it("warns about queries slower than 100 ms, and only about those", async () => {
    const lines: string[] = [];
    const db = createDb(url, { logger: createLogger("info", (line) => lines.push(line)) });
    try {
      await db.$queryRaw`SELECT 1`; // connects: that first query's time includes the connection
      lines.length = 0;
      await db.$queryRaw`SELECT 1`;
      // A busy machine can make even SELECT 1 slow; its line must not hide the next one behind the rate limit.
      await new Promise((resolve) => setTimeout(resolve, SLOW_QUERY_LOG_INTERVAL_MS));
      await db.$queryRaw`SELECT pg_sleep(${(SLOW_QUERY_MS + 50) / 1000})::text`;
      const slow = lines.filter((line) => line.includes("slow query"));
      expect(slow.some((line) => line.includes("pg_sleep"))).toBe(true);
      for (const line of slow) expect(JSON.parse(line.slice(line.indexOf("{"))).ms).toBeGreaterThan(SLOW_QUERY_MS);
    } finally {
      await db.$disconnect();
    }
  });

  it("logs one slow-query line a second at most under overload, counting the others", async () => {
    const lines: string[] = [];
    const db = createDb(url, { poolSize: 8, logger: createLogger("info", (line) => lines.push(line)) });
    try {
      const sleep = (SLOW_QUERY_MS + 50) / 1000;
      await Promise.all(Array.from({ length: 8 }, () => db.$queryRaw`SELECT pg_sleep(${sleep})::text`));
      const slow = lines.filter((line) => line.includes("slow query"));
      expect(slow).toHaveLength(1);
      expect(slow[0]).not.toContain("moreSlowQueries");
      await new Promise((resolve) => setTimeout(resolve, SLOW_QUERY_LOG_INTERVAL_MS));
      await db.$queryRaw`SELECT pg_sleep(${sleep})::text`;
      expect(lines.filter((line) => line.includes("slow query"))[1]).toContain('"moreSlowQueries":7');
    } finally {
      await db.$disconnect();
    }
  });

  it("takes Prisma's connection_limit off the URL for the pool", () => {
    expect(parseDatabaseUrl("postgresql://u@h:5432/db?connection_limit=7&sslmode=disable")).toEqual({
      connectionString: "postgresql://u@h:5432/db?sslmode=disable",
      connectionLimit: 7,
    });
  });
});
