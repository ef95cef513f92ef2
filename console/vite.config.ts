/**
 * The console's production build (scripts/build-console.ts runs it): Preact's JSX through Vite's own transformer,
 * every asset under /assets/ with a content hash (the server caches them for a year), nothing inlined into
 * index.html (the Content-Security-Policy allows scripts and styles from the service's own files only).
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  logLevel: "warn",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
});
