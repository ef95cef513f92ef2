/**
 * The browser of the console's tests: Debian's Chromium (found or installed by scripts/provision.ts; CHROMIUM
 * names it) driven by playwright-core, which downloads nothing. Screenshots go to test-artifacts/console;
 * axe-core checks a page's accessibility.
 *
 * The console's pages are served with a strict Content-Security-Policy (`script-src 'self'`), which blocks an
 * inline <script> such as page.addScriptTag({ content }) would add. So axe's source is evaluated through the
 * DevTools protocol (page.evaluate), which the page's policy does not govern.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { ImpactValue } from "axe-core";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { findChromium } from "../../scripts/provision.ts";
import { PROJECT_ROOT } from "../../src/db/migrate.ts";

/**
 * The few members of a page's DOM that the page functions of the tests and benchmarks use (page.evaluate runs
 * them in the browser; the project's own types are Node's and know no DOM). A file with page functions
 * declares `document` with this type.
 */
export interface PageElement {
  id: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  closest(selectors: string): PageElement | null;
  getBoundingClientRect(): { left: number; right: number; top: number; bottom: number };
  click(): void;
}

export interface PageDocument {
  querySelector(selectors: string): PageElement | null;
  querySelectorAll(selectors: string): Iterable<PageElement>;
  addEventListener(
    type: "securitypolicyviolation",
    listener: (event: {
      effectiveDirective: string;
      blockedURI: string;
      sourceFile: string;
      lineNumber: number;
    }) => void,
  ): void;
}

/** The page's globals that this file's page functions use. */
declare const axe: typeof import("axe-core");
declare const document: PageDocument;

/** Where a page of newContext keeps what its Content-Security-Policy blocked. */
type CspRecord = { __cspViolations?: string[] };

/** Where the browser tests leave their screenshots (ignored by git). */
export const ARTIFACTS_DIR = path.join(PROJECT_ROOT, "test-artifacts", "console");

/** A window size, and whether it is a phone's (touch, and the page's meta viewport honoured). */
export interface Viewport {
  width: number;
  height: number;
  phone: boolean;
}

/** The sizes every screen is checked at: a laptop's window and a phone's. */
export const VIEWPORTS = {
  desktop: { width: 1280, height: 800, phone: false },
  phone: { width: 390, height: 844, phone: true },
} as const satisfies Record<string, Viewport>;

/** One axe rule a page breaks, and the elements that break it (their CSS selectors). */
export interface Violation {
  id: string;
  impact: ImpactValue | undefined;
  help: string;
  targets: string[];
}

/** Chromium, headless; throws, naming the fix, when the machine has none. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium();
  if (executablePath === undefined || !existsSync(executablePath)) {
    throw new Error(
      `No Chromium for the browser tests${executablePath === undefined ? "" : ` at ${executablePath}`}: ` +
        "npm test installs it when run as root; else, as root: apt-get install chromium, or set CHROMIUM",
    );
  }
  // Chromium refuses to start as root with its sandbox on. playwright-core turns it off already (its
  // chromiumSandbox defaults to false); the flag says so where it matters, whatever that default becomes.
  const args = process.getuid?.() === 0 ? ["--no-sandbox"] : [];
  return chromium.launch({ executablePath, headless: true, args });
}

/**
 * A fresh context (its own cookies and storage) with the viewport's size, at one device pixel per CSS pixel.
 * Its pages record what the Content-Security-Policy blocks (cspViolations reads it).
 */
export async function newContext(browser: Browser, viewport: Viewport): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: viewport.width, height: viewport.height },
    deviceScaleFactor: 1,
    isMobile: viewport.phone,
    hasTouch: viewport.phone,
  });
  await context.addInitScript(() => {
    const blocked: string[] = [];
    Object.defineProperty(globalThis, "__cspViolations", { value: blocked });
    document.addEventListener("securitypolicyviolation", (event) => {
      blocked.push(
        `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  return context;
}

/** What the Content-Security-Policy blocked on the page since it loaded (a page of a newContext). */
export function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as CspRecord).__cspViolations ?? []);
}

/** Writes what the page shows (not below the fold) to <ARTIFACTS_DIR>/<name>-<width>.png; returns the file. */
export async function screenshot(page: Page, name: string, viewport: Viewport): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}-${viewport.width}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

let axeSource: string | undefined;

/** axe-core's serious and critical violations on the page as it is now. */
export async function checkAccessibility(page: Page): Promise<Violation[]> {
  axeSource ??= await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const results = await axe.run(document as unknown as import("axe-core").ElementContext, {
      resultTypes: ["violations"],
    });
    return results.violations.map((rule) => ({
      id: rule.id,
      impact: rule.impact ?? undefined,
      help: rule.help,
      // A target lists one selector per frame; a selector into a shadow root lists one per host.
      targets: rule.nodes.map((node) =>
        node.target.map((part) => (Array.isArray(part) ? part.join(" >>> ") : part)).join(" "),
      ),
    }));
  });
  return violations.filter((rule) => rule.impact === "serious" || rule.impact === "critical");
}
