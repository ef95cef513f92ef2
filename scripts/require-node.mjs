/*
 * Preloaded by every npm script (`node --import ./scripts/require-node.mjs …`): stops at once, in one line,
 * when the running Node is older than the project's (which cannot run TypeScript files). Plain JavaScript on
 * purpose, so that an old Node can run it.
 */
const major = Number(process.versions.node.split(".")[0]);
if (major < 24) {
  process.stderr.write(
    `This project needs Node 24 or newer and this is Node ${process.versions.node}: run \`npm ci\` (it installs ` +
      "Node 24 into node_modules for the npm scripts; not with --ignore-scripts), or `nvm use` (.nvmrc).\n",
  );
  process.exit(1);
}
