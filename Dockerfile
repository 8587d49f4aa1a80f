# The API as a container (see docker-compose.yml): `watchlist serve` on port 4000, applying pending
# migrations before it listens. The CLI talks to it with WATCHLIST_API_URL=http://localhost:4000.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts run after the sources are in (`prepare` builds them).
RUN npm ci --ignore-scripts
COPY . .
RUN npm run build

FROM node:20-bookworm-slim AS runtime-deps
WORKDIR /app
COPY package.json package-lock.json ./
# No dev tools, and no embedded PostgreSQL binaries (optional, ~60 MB): a container gets DATABASE_URL.
RUN npm ci --omit=dev --omit=optional --ignore-scripts

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY prisma ./prisma
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:4000/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "bin/watchlist.js", "serve", "--host", "0.0.0.0", "--port", "4000"]
