// Prisma CLI configuration. The CLI runs offline through its bundled WASM schema engine and a driver
// adapter instead of downloading native engines (see README, "Migrations offline"). The adapter here
// is @prisma/adapter-pg 7.10.1 under an alias: 6.19.3's own adapter fails `migrate deploy`
// (prisma/orm#27403). The application itself uses @prisma/adapter-pg 6.19.3 (src/db/client.ts).

import { PrismaPg } from "pg-adapter-migrate";
import { defineConfig } from "prisma/config";

type ScriptRunner = Awaited<ReturnType<PrismaPg["connect"]>>;

/**
 * The adapter's executeScript cuts a migration at every `;`, inside dollar quotes, strings and comments
 * too, and runs the pieces one by one (each its own transaction). This one sends the script whole, in
 * one simple-query message, as Prisma's native engine and our runner (src/db/migrate.ts) do: PostgreSQL
 * parses it and runs it as one implicit transaction, so a PL/pgSQL body in dollar quotes applies and a
 * failing migration leaves nothing half done. No SQL splitter of our own to keep right.
 */
function sendScriptsWhole(adapter: ScriptRunner): ScriptRunner {
  const mapDriverError = (adapter as unknown as { onError(error: unknown): never }).onError.bind(adapter);
  adapter.executeScript = async (script: string) => {
    try {
      await adapter.underlyingDriver().query(script);
    } catch (error) {
      mapDriverError(error);
    }
  };
  return adapter;
}

class WholeScriptPg extends PrismaPg {
  override async connect() {
    return sendScriptsWhole(await super.connect());
  }
  override async connectToShadowDb() {
    return sendScriptsWhole(await super.connectToShadowDb());
  }
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  engine: "js",
  experimental: { adapter: true },
  async adapter() {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL must be set for the Prisma CLI");
    return new WholeScriptPg({ connectionString });
  },
});
