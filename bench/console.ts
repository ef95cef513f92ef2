/**
 * `npm run bench:console`: the web console's floor map on 20,000 positions (the demo layout scaled to 50 aisles
 * × 50 bays × 8 levels, in a database of this run's own), served by the service in production mode and drawn
 * by Debian's Chromium (headless, software rendering): the size of the first load (the JavaScript and CSS
 * index.html asks for, as sent gzip-compressed), the floor-map query over HTTP, the time from opening the
 * overview to the first drawn map, the draw alone (the console's own `floor-map-draw` user timing, taken
 * on every redraw as the colouring switches between cubic fill, weight fill and velocity class), and the time
 * from a click on a colouring to the painted frame that shows it.
 */
import "../src/cli/env.ts";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { buildConsole, CONSOLE_DIST } from "../scripts/build-console.ts";
import { provisionChromium } from "../scripts/provision.ts";
import { signToken } from "../src/auth/jwt.ts";
import { commandLineOrExit } from "../src/cli/run.ts";
import { seedDemo } from "../src/seed/demo.ts";
import { launchBrowser, type PageDocument } from "../test/support/browser.ts";
import { machine } from "./machine.ts";
import { createBenchDatabase, type RunningService, startService } from "./service.ts";

/** The page's globals, in the page functions below. */
declare const document: PageDocument;
declare function requestAnimationFrame(callback: () => void): number;

const { values } = commandLineOrExit({
  usage: "npm run bench:console -- [--quick]",
  summary:
    "The web console's first-load size, and its floor map on 20,000 positions in Chromium: the query over\n" +
    "HTTP, the time to the first drawn map, and the draw alone (median and max of the redraws).",
  options: { quick: { type: "boolean", description: "2,000 positions and fewer redraws, for a smoke run" } },
});
const quick = values.quick === true;
const REDRAWS = quick ? 6 : 30;
const OPENINGS = quick ? 2 : 5;

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

/** The gzip-compressed bytes of the scripts and styles index.html loads. */
function firstLoadBytes(): { files: string[]; bytes: number } {
  const index = readFileSync(path.join(CONSOLE_DIST, "index.html"), "utf8");
  const files = [...index.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  let bytes = 0;
  for (const file of files) {
    const full = path.join(CONSOLE_DIST, file);
    bytes += readFileSync(existsSync(`${full}.gz`) ? `${full}.gz` : full).length;
  }
  return { files, bytes };
}

console.log(`# Console benchmark${quick ? " (quick)" : ""}\n\nMachine: ${machine()}\n`);
await buildConsole({ ifStale: true });
const load = firstLoadBytes();
console.log(
  `First load: ${load.files.length} files (${load.files.join(", ")}), ${(load.bytes / 1024).toFixed(1)} KB gzip-compressed\n`,
);

const db = await createBenchDatabase();
let service: RunningService | undefined;
try {
  const owner = new pg.Client({ connectionString: db.ownerUrl });
  await owner.connect();
  const summary = (await seedDemo(owner, {
    tenantCode: "bench",
    facilityCode: "DC20K",
    aisles: quick ? 10 : 50,
    baysPerAisle: quick ? 25 : 50,
    levels: 8,
    materials: 2000,
  }))!;
  await owner.query("analyze");
  await owner.end();
  const secret = randomBytes(32).toString("hex");
  service = await startService(db, secret);
  const origin = new URL(service.url).origin;
  const token = await signToken(
    { tenantId: summary.tenantId, userId: "00000000-0000-4000-8000-00000000b0b0", role: "supervisor" },
    { secret: new TextEncoder().encode(secret) },
    "2h",
  );

  // The floor-map query alone, as the console sends it.
  const query = `query ($f: UUID!) { facilityFloorMap(facilityId: $f) { dockXFt dockYFt locationIds codes zoneCodes xFt yFt
    cubicFill weightFill velocityClasses allowedClasses available contents } }`;
  const queryTimes: number[] = [];
  let answerBytes = 0;
  for (let i = 0; i <= OPENINGS; i++) {
    const started = performance.now();
    const response = await fetch(service.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "accept-encoding": "identity" },
      body: JSON.stringify({ query, variables: { f: summary.facilityId } }),
    });
    const text = await response.text();
    if (i > 0) queryTimes.push(performance.now() - started); // the first warms up
    answerBytes = Buffer.byteLength(text);
  }

  const chromiumTool = await provisionChromium();
  if (chromiumTool.path === undefined) throw new Error(`Chromium is missing: ${chromiumTool.missing}`);
  process.env.CHROMIUM ??= chromiumTool.path;
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    await context.addInitScript((value) => sessionStorage.setItem("buo.session", value), token);
    const page = await context.newPage();
    const firstDraws: number[] = [];
    for (let i = 0; i < OPENINGS; i++) {
      await page.goto("about:blank");
      const started = performance.now();
      await page.goto(`${origin}/#/overview`);
      await page.waitForSelector("canvas[data-draw-ms]", { timeout: 60_000 });
      firstDraws.push(performance.now() - started);
    }
    await page.evaluate(() => performance.clearMeasures("floor-map-draw"));
    const modes = ["Weight fill", "Velocity class", "Cubic fill"];
    for (let i = 0; i < REDRAWS; i++) {
      await page.getByLabel(modes[i % modes.length]!).check();
      await page.waitForFunction((n) => performance.getEntriesByName("floor-map-draw").length >= n, i + 1);
    }
    const draws = await page.evaluate(() => performance.getEntriesByName("floor-map-draw").map((e) => e.duration));
    // What a user sees: from the click on a colouring to the frame that shows it (two animation frames later,
    // the canvas has been rasterized and composited), measured inside the page.
    const painted = await page.evaluate(async (count) => {
      const modes = ["weight", "velocity", "cubic"];
      const frame = () => new Promise<void>((resolve) => requestAnimationFrame(resolve));
      const times: number[] = [];
      for (let i = 0; i < count; i++) {
        const input = document.querySelector(`input[name="map-mode"][value="${modes[i % 3]}"]`)!;
        const drawn = performance.getEntriesByName("floor-map-draw").length;
        const started = performance.now();
        input.click();
        while (performance.getEntriesByName("floor-map-draw").length === drawn) await frame();
        await frame();
        await frame();
        times.push(performance.now() - started);
      }
      return times;
    }, REDRAWS);
    const positions = (await page.locator("canvas").first().getAttribute("aria-label")) ?? "";

    console.log(`## Floor map: ${positions.replace(/^.*: /, "")}, Chromium headless at 1280×800\n`);
    console.log("| Measure | Samples | Median | Max |");
    console.log("|---|---|---|---|");
    console.log(
      `| facilityFloorMap over HTTP (${(answerBytes / 2 ** 20).toFixed(1)} MB uncompressed) | ${queryTimes.length} | ` +
        `${ms(median(queryTimes))} | ${ms(Math.max(...queryTimes))} |`,
    );
    console.log(
      `| Overview opened to first drawn map | ${firstDraws.length} | ${ms(median(firstDraws))} | ${ms(Math.max(...firstDraws))} |`,
    );
    console.log(`| Draw alone (floor-map-draw) | ${draws.length} | ${ms(median(draws))} | ${ms(Math.max(...draws))} |`);
    console.log(
      `| Colouring switched to painted frame | ${painted.length} | ${ms(median(painted))} | ${ms(Math.max(...painted))} |`,
    );
  } finally {
    await browser.close();
  }
} finally {
  try {
    await service?.stop();
  } finally {
    await db.drop();
  }
}
