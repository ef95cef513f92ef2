# The service image: Node 24, production dependencies only and the built web console, running as uid 1001 on a read-only root
# filesystem (the service writes nothing to disk in production). The same image runs the API
# (default command), the worker (`node src/cli/worker.ts`), the migrations (`npm run migrate`) and the
# CronJobs' tasks (`node src/cli/task.ts <task>`).

# The web console, built from its sources and the exported GraphQL schema; only console/dist reaches the image.
FROM node:24-bookworm-slim AS console
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY data/schema.graphql ./data/
COPY console ./console
COPY scripts ./scripts
COPY src ./src
RUN node scripts/build-console.ts

# Production dependencies only; none of them has an install script (the console's build is done above).
FROM node:24-bookworm-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
RUN groupadd --gid 1001 app && useradd --uid 1001 --gid 1001 --no-create-home --shell /usr/sbin/nologin app
COPY --from=dependencies /app/node_modules ./node_modules
COPY package.json .gmrc current.sql ./
COPY migrations ./migrations
COPY src ./src
COPY --from=console /app/console/dist ./console/dist
COPY tasks ./tasks
COPY scripts/require-node.mjs ./scripts/
USER 1001:1001
EXPOSE 4000 9090
# node itself rather than npm, so that SIGTERM reaches the service and it stops in order.
CMD ["node", "src/cli/start.ts"]
