# syntax=docker/dockerfile:1
# The service's image: `docker build -t spendbot .` (README, "Running in a container").
#
# Every RUN step is `npm ci` or one of the project's npm scripts, and CMD is the `start:prod` script word for word.
# test/container.test.ts parses this file and performs the same steps on every test run, with or without a container
# engine: it builds a copy of the build context with `npm run build`, lays out the runtime stage's COPY lines over the
# production packages only, then runs `npm run db:migrate:prod`, the CMD and the HEALTHCHECK on PGlite and PostgreSQL.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: every package, then `npm run build` -> dist/ (the bundle, the migrations, a migrated PGlite template).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are copied (the next RUN builds), and no package needs its
# install script (esbuild finds its platform binary package without its postinstall).
RUN npm ci --ignore-scripts
COPY . .
RUN npm run build

# ---- prod-deps: the production packages only, as `npm ci --omit=dev` installs them (no vitest, eslint, wrangler…).
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts

# ---- runtime: the compiled service on plain node, production packages, a non-root user.
FROM ${NODE_IMAGE} AS runtime
# HOST: listen on every interface of the container (the service's embedded default is loopback only). The web console
# still answers loopback peers only unless CONSOLE_PASSWORD is set; with DATABASE_URL it is off unless WEB_CONSOLE=true.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787 \
    DATA_DIR=/data \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/package-lock.json ./package-lock.json
COPY --from=build /app/dist ./dist
COPY --from=build /app/scripts ./scripts
# The TypeScript sources serve the operator tools only (`npm run org`, `npm run api-key`, `npm run audit:verify`…, run
# by tsx, a production dependency); the service and the migration step run dist/ with plain node.
COPY --from=build /app/tsconfig.json ./tsconfig.json
COPY --from=build /app/src ./src
COPY --from=build /app/domain ./domain
COPY --from=build /app/db ./db
COPY --from=build /app/cards ./cards
COPY --from=build /app/bots ./bots
COPY --from=build /app/assets ./assets
# The embedded database (PGlite), its encryption key and local receipt files live in DATA_DIR: mount a volume there.
RUN install -d -o node -g node /data
VOLUME ["/data"]
# The image's files stay root's and read-only to the service; it writes DATA_DIR only.
USER node
EXPOSE 8787
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["node", "scripts/healthcheck.mjs"]
# `npm run start:prod`, without npm between the container and the service: node is PID 1 and gets SIGTERM itself.
CMD ["node", "--enable-source-maps", "dist/server.js"]
