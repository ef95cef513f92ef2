/**
 * The web console in a real browser (Debian's Chromium, driven by playwright-core), against `npm start`'s script
 * serving a test database that holds the demo warehouse: signing in with the one-time link, the putaway
 * workflows (preview, reserve, accept and see the floor map change; override with a reason), approving a
 * flagged measurement and seeing master data change, an operator kept off the supervisor screens; then every
 * screen at 1280×800 and at a 390-px phone width, screenshotted into test-artifacts/console and checked by
 * axe-core (no serious or critical violation).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type AppRole, demoUserId, signToken } from "../src/auth/jwt.ts";
import { PROJECT_ROOT } from "../src/db/migrate.ts";
import { seedDemo } from "../src/seed/demo.ts";
import {
  checkAccessibility,
  cspViolations,
  launchBrowser,
  newContext,
  type PageDocument,
  screenshot,
  VIEWPORTS,
} from "./support/browser.ts";
import { useTestDatabase } from "./support/db.ts";
import { serviceEnvironment } from "./support/process.ts";
import { runTask } from "./support/tasks.ts";

/** The page's document, in the page functions below. */
declare const document: PageDocument;

const START = path.join(PROJECT_ROOT, "src", "cli", "start.ts");
const SIGN_IN_LINE = /^Console sign-in as the demo supervisor \(one-time link, valid [^)]+\): (\S+)$/m;

const db = useTestDatabase();
const secret = randomBytes(32).toString("hex");
let service: ChildProcess | undefined;
let output = "";
let origin = "";
let signInLink = "";
let tenantId = "";
let facilityId = "";
let browser: Browser;
/** The supervisor's browser context, signed in by the one-time link. */
let supervisor: BrowserContext;
let page: Page;

async function token(role: AppRole): Promise<string> {
  return signToken({ tenantId, userId: demoUserId("demo", role), role }, { secret: new TextEncoder().encode(secret) });
}

/** A GraphQL call as `role`, for what a test arranges or checks outside the browser. */
async function api<T>(role: AppRole, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${origin}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${await token(role)}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown[] };
  if (body.errors !== undefined) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

interface FloorMap {
  codes: string[];
  zoneCodes: string[];
  cubicFill: number[];
  allowedClasses: string[];
  available: boolean[];
  contents: string[];
}

async function floorMap(): Promise<FloorMap> {
  const data = await api<{ facilityFloorMap: FloorMap }>(
    "supervisor",
    "query ($f: UUID!) { facilityFloorMap(facilityId: $f) { codes zoneCodes cubicFill allowedClasses available contents } }",
    { f: facilityId },
  );
  return data.facilityFloorMap;
}

beforeAll(async () => {
  // The console as its sources are now (a child process: the build's GraphQL tooling wants a plain Node).
  const build = spawnSync(process.execPath, [path.join(PROJECT_ROOT, "scripts", "build-console.ts"), "--if-stale"], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
  });
  if (build.status !== 0) throw new Error(`The console did not build:\n${build.stdout}${build.stderr}`);
  const owner = new pg.Client({ connectionString: db.ownerUrl });
  await owner.connect();
  try {
    await seedDemo(owner);
    const { rows } = await owner.query(
      "select t.tenant_id, f.facility_id from app_public.tenants t join app_public.facilities f using (tenant_id) where t.code = 'demo' and f.code = 'DC1'",
    );
    tenantId = rows[0].tenant_id;
    facilityId = rows[0].facility_id;
  } finally {
    await owner.end();
  }
  service = spawn(process.execPath, [START], {
    cwd: PROJECT_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: serviceEnvironment(db, secret, { LOG_LEVEL: "warn" }),
  });
  service.stdout!.on("data", (chunk) => (output += chunk));
  service.stderr!.on("data", (chunk) => (output += chunk));
  const started = Date.now();
  while (!SIGN_IN_LINE.test(output)) {
    if (service.exitCode !== null || Date.now() - started > 60_000)
      throw new Error(`npm start did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  signInLink = SIGN_IN_LINE.exec(output)![1]!;
  origin = new URL(signInLink).origin;
  browser = await launchBrowser();
  supervisor = await newContext(browser, VIEWPORTS.desktop);
  page = await supervisor.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  service?.kill("SIGTERM");
});

describe("signing in", () => {
  test("the one-time link signs the demo supervisor in; the code leaves the address and is spent", async () => {
    const code = new URL(signInLink).hash.slice("#code=".length);
    await page.goto(signInLink);
    await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "Overview" }).waitFor();
    expect(page.url()).not.toContain(code);
    expect(new URL(page.url()).hash).toBe("#/overview");
    // The token is in this tab's storage, not in any address the history holds.
    const stored = await page.evaluate(() => sessionStorage.getItem("buo.session"));
    expect(stored).toMatch(/^ey/);
    expect(output).not.toContain(stored!);

    const other = await browser.newContext();
    const second = await other.newPage();
    await second.goto(signInLink);
    await expect.poll(() => second.getByRole("alert").textContent()).toContain("already used or has expired");
    // Said in the link's own words: whoever opens it has not been signed in before.
    expect(await second.getByRole("alert").textContent()).not.toMatch(/no longer valid/);
    await expect.poll(() => second.getByRole("button", { name: "Sign in" }).count()).toBe(1);
    await other.close();
  });

  test("a pasted token that is not valid is refused with a sentence", async () => {
    const context = await browser.newContext();
    const fresh = await context.newPage();
    await fresh.goto(origin);
    await fresh.getByLabel("Bearer token").fill("not-a-token");
    await fresh.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => fresh.getByRole("alert").textContent()).toContain("Your sign-in is no longer valid");
    await context.close();
  });
});

describe("putaway workflows", () => {
  /** Enters one receipt line: the material by code (Enter picks it, as a scanner does) and the quantity. */
  async function enterLine(materialCode: string, quantity: number) {
    await page.goto(`${origin}/#/putaway`);
    const material = page.getByLabel("Material");
    await material.fill(materialCode);
    await material.press("Enter");
    await expect.poll(() => page.getByLabel("Materials found").count()).toBe(0);
    await page.getByLabel("Quantity").fill(String(quantity));
  }

  /** The location code of the first row of the results table. */
  async function firstResultLocation(): Promise<string> {
    const cell = page.locator(".results tbody tr").first().locator("td").nth(3);
    await cell.waitFor();
    return (await cell.textContent())!.trim();
  }

  test("a line without a material or with a bad quantity is refused next to its field", async () => {
    await page.goto(`${origin}/#/putaway`);
    await page.getByLabel("Quantity").fill("-2");
    await page.getByRole("button", { name: "Preview" }).click();
    await expect.poll(() => page.locator("[id$='-quantity-error']").first().textContent()).toContain("greater than 0");
    await expect
      .poll(() => page.locator("[id$='-material-error']").first().textContent())
      .toContain("Choose a material");
  });

  test("preview, reserve and accept: the queue shows the reservation, then the map shows the stock", async () => {
    const before = await floorMap();
    await enterLine("SKU-00263", 200);
    await page.getByRole("button", { name: "Preview" }).click();
    await expect.poll(() => page.getByRole("heading", { name: /^Preview/ }).count()).toBe(1);
    const previewed = await firstResultLocation();
    expect(previewed).toMatch(/^[A-Z]\d/);

    await page.getByRole("button", { name: "Reserve" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Reserved" }).count()).toBe(1);
    const location = await firstResultLocation();
    const row = page.getByRole("listitem", { name: `SKU-00263 × 200 → ${location}` });
    await row.waitFor();
    expect(await row.locator(".time-left").textContent()).toMatch(/\d/);

    await row.getByRole("button", { name: "Accept" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain(`ACCEPTED at ${location}`);

    await page.goto(`${origin}/#/overview`);
    await page.getByLabel("Find a position").fill(location);
    const found = page.getByRole("status", { name: "Position found" });
    await expect.poll(() => found.textContent()).toContain("SKU-00263 × 200");
    const index = before.codes.indexOf(location);
    const shown = Number(/cube ([\d.]+) %/.exec((await found.textContent())!)![1]);
    expect(shown).toBeGreaterThan(Math.round(before.cubicFill[index]! * 1000) / 10);
  });

  test("override: a reason is required, then the stock goes where the operator put it", async () => {
    await enterLine("SKU-00437", 3);
    await page.getByRole("button", { name: "Reserve" }).click();
    const advised = await firstResultLocation();
    const row = page.getByRole("listitem", { name: `SKU-00437 × 3 → ${advised}` });
    await row.getByRole("button", { name: "Override" }).click();
    await row.getByRole("button", { name: "Confirm override" }).click();
    await expect.poll(() => row.getByRole("alert").allTextContents()).toContain("Give a reason.");

    // An empty, available position of the same zone that takes class C stock.
    const map = await floorMap();
    const zone = map.zoneCodes[map.codes.indexOf(advised)];
    const target = map.codes.find(
      (code, i) =>
        code !== advised &&
        map.zoneCodes[i] === zone &&
        map.available[i] &&
        map.contents[i] === "" &&
        map.allowedClasses[i]!.includes("C"),
    )!;
    const picker = row.getByLabel("Actual location");
    await picker.fill(target);
    await row.getByRole("button", { name: target, exact: true }).click();
    await row.getByLabel("Reason").fill("LOCATION_DAMAGED");
    await row.getByRole("button", { name: "Confirm override" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain(`OVERRIDDEN at ${target}`);
    const after = await floorMap();
    expect(after.contents[after.codes.indexOf(target)]).toContain("SKU-00437 × 3");
  });
});

describe("data quality", () => {
  test("approving a flagged measurement writes it into master data", async () => {
    const material = await api<{ materialByCode: { materialId: string; unitLengthIn: string } }>(
      "supervisor",
      'query { materialByCode(code: "SKU-00100") { materialId unitLengthIn } }',
    );
    const measured = String(Math.round(Number(material.materialByCode.unitLengthIn) * 2 + 3));
    await api(
      "supervisor",
      `mutation ($m: UUID!, $l: BigFloat!) { createMaterialDimensionVerification(input: {
        materialDimensionVerification: { materialId: $m, facilityId: "${facilityId}", measuredLengthIn: $l,
          measuredWidthIn: "5", measuredHeightIn: "5", measuredWeightLbs: "3" } }) { materialDimensionVerification { outcome } } }`,
      { m: material.materialByCode.materialId, l: measured },
    );
    await page.goto(`${origin}/#/data-quality`);
    const review = page.getByRole("listitem", { name: "Verification of SKU-00100" });
    await review.getByRole("button", { name: "SKU-00100" }).click();
    const detail = page.getByRole("region", { name: "Material SKU-00100" });
    await expect.poll(() => detail.textContent()).toContain("Unit dimensions");
    expect(await detail.textContent()).not.toContain(`${measured} × 5 × 5 in`);

    await review.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => detail.textContent()).toContain(`${measured} × 5 × 5 in`);
    await expect.poll(() => page.getByRole("listitem", { name: "Verification of SKU-00100" }).count()).toBe(0);
  });
});

describe("roles", () => {
  test("an operator sees the putaway screens only; a supervisor screen says it is not theirs", async () => {
    const context = await newContext(browser, VIEWPORTS.phone);
    const operator = await context.newPage();
    await operator.goto(origin);
    await operator.getByLabel("Bearer token").fill(await token("operator"));
    await operator.getByRole("button", { name: "Sign in" }).click();
    const nav = operator.getByRole("navigation", { name: "Screens" });
    await nav.getByRole("link", { name: "Putaway" }).waitFor();
    expect(await nav.getByRole("link").allTextContents()).toEqual(["Putaway"]);
    for (const screen of ["overview", "data-quality", "algorithms", "reslotting"]) {
      await operator.goto(`${origin}/#/${screen}`);
      await expect
        .poll(() => operator.getByRole("alert").first().textContent())
        .toContain("Not available to your role");
    }
    await screenshot(operator, "operator-refused", VIEWPORTS.phone);
    await context.close();
  });
});

describe("re-slotting", () => {
  test("the stored plan's moves are drawn on the floor map, with its summary", async () => {
    const planned = runTask(db, "plan_reslotting", "--tenant", "demo");
    expect(planned.status, planned.stderr).toBe(0);
    const stored = await api<{
      allReslottingPlans: { nodes: Array<{ moves: unknown[]; summary: { moves: number } }> };
    }>(
      "supervisor",
      `query ($f: UUID!) { allReslottingPlans(condition: { facilityId: $f }, orderBy: PLANNED_AT_DESC, first: 1) {
        nodes { moves summary } } }`,
      { f: facilityId },
    );
    const latest = stored.allReslottingPlans.nodes[0]!;
    expect(latest.moves.length).toBeGreaterThan(0);
    await page.goto(`${origin}/#/reslotting`);
    const map = page.getByRole("img", { name: /with the plan's \d+ moves/ });
    await expect
      .poll(() => map.getAttribute("aria-label"), { timeout: 15_000 })
      .toContain(`with the plan's ${latest.moves.length} moves`);
    const tiles = page.getByRole("region", { name: "Plan summary" });
    await expect.poll(() => tiles.textContent()).toContain(`Moves${latest.summary.moves.toLocaleString("en-US")}`);
  });
});

describe("every screen, on a desktop and on a phone", () => {
  const SCREENS = ["overview", "putaway", "data-quality", "algorithms", "reslotting"] as const;

  beforeAll(async () => {
    // The figures the worker keeps current, for the tiles' pictures.
    for (const task of ["refresh_bin_utilization", "refresh_aisle_congestion"]) {
      const result = runTask(db, task);
      expect(result.status, result.stderr).toBe(0);
    }
    // Reservations waiting in the queue, for the putaway screen's picture.
    await api(
      "operator",
      `mutation { createBatchPutawayRecommendations(input: { facilityId: "${facilityId}", algorithm: ENHANCED,
        items: [{ materialId: "${await materialIdOf("SKU-00263")}", quantity: 24, lotNumber: "LOT-A" },
                { materialId: "${await materialIdOf("SKU-00437")}", quantity: 6 }] }) { batchId } }`,
    );
  });

  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    test(`${name} (${viewport.width} px): screenshots, and axe finds no serious or critical violation`, async () => {
      const context = await newContext(browser, viewport);
      const bearer = await page.evaluate(() => sessionStorage.getItem("buo.session"));
      await context.addInitScript((value) => sessionStorage.setItem("buo.session", value), bearer!);
      const tab = await context.newPage();
      const violations: Record<string, unknown> = {};
      const widths: Record<string, unknown> = {};
      const blocked: Record<string, string[]> = {};
      for (const screen of SCREENS) {
        await tab.goto(`${origin}/#/${screen}`);
        await tab.getByRole("heading", { level: 1 }).waitFor();
        await expect.poll(() => tab.getByText(/^Loading/).count(), { timeout: 15_000 }).toBe(0);
        await screenshot(tab, screen, viewport);
        // Every control within the screen's width (except inside what scrolls sideways on purpose: the screens'
        // navigation, wide tables): a field past the right edge is out of reach on a handheld.
        // (A phone's browser widens its layout to fit what overflows, so the screen's width is the viewport's.)
        const cut = await tab.evaluate(
          (width) =>
            [...document.querySelectorAll("input, select, textarea, button")]
              .filter((element) => element.closest("nav, .table-scroll") === null)
              .filter((element) => element.getBoundingClientRect().right > width + 1)
              .map((element) => element.getAttribute("aria-label") || element.id || element.textContent),
          viewport.width,
        );
        if (cut.length > 0) widths[screen] = cut;
        const csp = await cspViolations(tab);
        if (csp.length > 0) blocked[screen] = csp;
        const found = await checkAccessibility(tab);
        if (found.length > 0) violations[screen] = found;
      }
      await context.close();
      const signIn = await newContext(browser, viewport);
      const blank = await signIn.newPage();
      await blank.goto(origin);
      await blank.getByRole("button", { name: "Sign in" }).waitFor();
      await screenshot(blank, "sign-in", viewport);
      const found = await checkAccessibility(blank);
      if (found.length > 0) violations["sign-in"] = found;
      await signIn.close();
      expect(violations).toEqual({});
      expect(widths, "controls past the screen's right edge").toEqual({});
      expect(blocked, "what the Content-Security-Policy blocked").toEqual({});
    });
  }
});

async function materialIdOf(code: string): Promise<string> {
  const data = await api<{ materialByCode: { materialId: string } }>(
    "supervisor",
    "query ($c: String!) { materialByCode(code: $c) { materialId } }",
    { c: code },
  );
  return data.materialByCode.materialId;
}
