// Docker does not run here: the compose file and the Dockerfile are checked as data.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT } from "./helpers.js";

interface Service {
  image?: string;
  build?: string | { context: string; dockerfile?: string };
  environment?: Record<string, string>;
  ports?: string[];
  expose?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] | string; interval?: string; retries?: number };
  depends_on?: Record<string, { condition: string }>;
}

const compose = parse(readFileSync(join(ROOT, "docker-compose.yml"), "utf8")) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const dockerfile = readFileSync(join(ROOT, "Dockerfile"), "utf8");
const { db, api, proxy } = compose.services;
const caddyfile = readFileSync(join(ROOT, "deploy", "Caddyfile"), "utf8");

describe("docker-compose.yml", () => {
  it("has exactly a database, an API and a reverse proxy", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["api", "db", "proxy"]);
  });

  it("runs PostgreSQL 18 on a named volume, with a readiness healthcheck", () => {
    expect(db.image).toMatch(/^postgres:18/);
    const [volume, target] = db.volumes![0].split(":");
    expect(compose.volumes).toHaveProperty(volume);
    expect(target).toBe("/var/lib/postgresql");
    expect(db.healthcheck!.test).toEqual([
      "CMD-SHELL",
      `pg_isready -h 127.0.0.1 -U ${db.environment!.POSTGRES_USER} -d ${db.environment!.POSTGRES_DB}`,
    ]);
    expect(db.healthcheck!.retries).toBeGreaterThan(0);
    expect(db.ports).toBeUndefined(); // only the API reaches it
  });

  it("builds the API from this repository and starts it once the database is healthy", () => {
    expect(api.build).toBe(".");
    expect(existsSync(join(ROOT, "Dockerfile"))).toBe(true);
    expect(api.depends_on).toEqual({ db: { condition: "service_healthy" } });
  });

  it("points the API at the compose database with the same credentials", () => {
    const url = new URL(api.environment!.DATABASE_URL.replaceAll("${POSTGRES_PASSWORD:-watchlist}", "watchlist"));
    expect(url.hostname).toBe("db");
    expect(url.username).toBe(db.environment!.POSTGRES_USER);
    expect(db.environment!.POSTGRES_PASSWORD).toBe("${POSTGRES_PASSWORD:-watchlist}");
    expect(url.pathname).toBe(`/${db.environment!.POSTGRES_DB}`);
  });

  it("takes the secrets from the environment: JWT_SECRET required, TMDB credentials optional", () => {
    expect(api.environment!.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?.+\}$/);
    expect(api.environment!.TMDB_API_KEY).toBe("${TMDB_API_KEY:-}");
    expect(api.environment!.TMDB_READ_TOKEN).toBe("${TMDB_READ_TOKEN:-}");
    expect(api.environment!.NODE_ENV).toBe("production");
  });

  it("publishes the proxy on this machine only, and no API port: `--scale api=3` needs none", () => {
    const [address, published, container] = proxy.ports![0].split(":");
    expect(address).toBe("127.0.0.1");
    expect(published).toBe("4000");
    expect(caddyfile).toMatch(new RegExp(`^:${container} \\{`, "m"));
    expect(api.ports).toBeUndefined();
    expect(api.expose).toEqual(["4000"]);
    expect(dockerfile).toContain("EXPOSE 4000");
  });

  it("proxies to every API container by the service name, on the port the image listens on", () => {
    expect(proxy.image).toMatch(/^caddy:2/);
    expect(proxy.volumes).toContain("./deploy/Caddyfile:/etc/caddy/Caddyfile:ro");
    expect(caddyfile).toMatch(/dynamic a api 4000 \{\s*refresh \d+s/);
    expect(caddyfile).toContain("lb_policy round_robin");
  });

  it("health-checks the proxy and starts it once the API containers are healthy", () => {
    expect(proxy.depends_on).toEqual({ api: { condition: "service_healthy" } });
    expect(String(proxy.healthcheck!.test)).toContain("http://127.0.0.1/health");
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n?.*\/health/m);
  });

  it("trusts the proxy's X-Forwarded-For (a private range of the compose network) and bounds connections per container", () => {
    expect(api.environment!.TRUSTED_PROXIES).toBe("uniquelocal");
    expect(Number(api.environment!.DATABASE_POOL_SIZE)).toBeGreaterThan(0);
  });
});

describe("Dockerfile", () => {
  it("serves on all interfaces of the container, on the exposed port", () => {
    const cmd = JSON.parse(dockerfile.match(/^CMD (.+)$/m)![1]) as string[];
    expect(cmd.slice(0, 3)).toEqual(["node", "bin/watchlist.js", "serve"]);
    expect(cmd[cmd.indexOf("--host") + 1]).toBe("0.0.0.0");
    expect(dockerfile).toContain(`EXPOSE ${cmd[cmd.indexOf("--port") + 1]}`);
  });

  it("copies what `serve` needs at run time: the build, the bin, the migrations", () => {
    for (const needed of ["/app/dist ./dist", "bin ./bin", "prisma ./prisma", "package.json ./"]) expect(dockerfile).toContain(needed);
    for (const source of ["bin", "prisma/migrations", "package-lock.json"]) expect(existsSync(join(ROOT, source))).toBe(true);
  });

  it("is built from a context without local installs or secrets", () => {
    const ignored = readFileSync(join(ROOT, ".dockerignore"), "utf8")
      .split("\n")
      .map((line) => line.trim());
    for (const entry of ["node_modules", "dist", ".env", ".git"]) expect(ignored).toContain(entry);
  });
});
