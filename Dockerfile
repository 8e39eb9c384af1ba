# Rejoinder's production image. The build stage installs everything (TypeScript compiles the server), builds, and
# prunes the development packages; the runtime stage takes only the build and the production packages, and runs
# as the unprivileged `node` user. The Node major is package.json's engines' (test/unit/deploy-files.test.ts checks).
FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles from source where its prebuilt binary cannot be downloaded.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY tools/build tools/build
COPY server server
COPY migrations migrations
COPY views views
COPY static static
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATABASE_URL=/data/rejoinder.db
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/tools/build tools/build
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
# The SQLite file (and its -wal and -shm) live in the volume, the one place the server writes.
RUN mkdir /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself, not npm: the signal docker stop sends must reach the server for a graceful close.
CMD ["node", "dist/server/main.js"]
