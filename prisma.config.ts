// Prisma CLI configuration. The CLI runs offline through its bundled WASM schema engine and a driver
// adapter instead of downloading native engines (see README, "Migrations offline"). The adapter here
// is @prisma/adapter-pg 7.10.1 under an alias: 6.19.3's own adapter fails `migrate deploy`
// (prisma/orm#27403). The application itself uses @prisma/adapter-pg 6.19.3 (src/db/client.ts).

import { PrismaPg } from "pg-adapter-migrate";
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  engine: "js",
  experimental: { adapter: true },
  async adapter() {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL must be set for the Prisma CLI");
    return new PrismaPg({ connectionString });
  },
});
