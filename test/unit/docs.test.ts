/**
 * The documentation's own links: every relative link and image of the READMEs and docs/ names a committed file,
 * and every #anchor names a heading of the file it points into (as GitHub makes anchors of headings).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { PROJECT_ROOT } from "../../src/db/migrate.ts";

/** The Markdown files of the project: README.md, each folder's README.md, and docs/. */
function markdownFiles(): string[] {
  const files = ["README.md"];
  for (const entry of readdirSync(PROJECT_ROOT, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith(".") || entry.name === "node_modules") continue;
    if (existsSync(path.join(PROJECT_ROOT, entry.name, "README.md"))) files.push(`${entry.name}/README.md`);
  }
  for (const name of readdirSync(path.join(PROJECT_ROOT, "docs"))) {
    if (name.endsWith(".md")) files.push(`docs/${name}`);
  }
  return files;
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, "")
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of withoutCode(markdown).matchAll(/^#{1,6} (.+)$/gm)) {
    const anchor = anchorOf(match[1]!);
    const count = seen.get(anchor) ?? 0;
    anchors.add(count === 0 ? anchor : `${anchor}-${count}`);
    seen.set(anchor, count + 1);
  }
  return anchors;
}

/** The text without fenced code blocks, whose lines are not headings or links. */
function withoutCode(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, "");
}

/** Relative link targets, from [text](target) and ![alt](target). */
function linksOf(markdown: string): string[] {
  return [...withoutCode(markdown).matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z]+:/i.test(target));
}

describe("documentation links", () => {
  for (const file of markdownFiles()) {
    test(`${file}: every relative link and image resolves`, () => {
      const text = readFileSync(path.join(PROJECT_ROOT, file), "utf8");
      const broken: string[] = [];
      for (const link of linksOf(text)) {
        const [target, anchor] = link.split("#") as [string, string | undefined];
        const resolved = target === "" ? file : path.join(path.dirname(file), target);
        const full = path.join(PROJECT_ROOT, resolved);
        if (!existsSync(full)) {
          broken.push(`${link}: no file ${resolved}`);
          continue;
        }
        if (anchor !== undefined && anchor !== "" && resolved.endsWith(".md")) {
          if (!anchorsOf(readFileSync(full, "utf8")).has(anchor)) broken.push(`${link}: no heading #${anchor}`);
        }
      }
      expect(broken).toEqual([]);
    });
  }

  test("the README shows the console's overview and putaway queue", () => {
    const readme = readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
    expect(linksOf(readme)).toEqual(
      expect.arrayContaining(["docs/images/console-overview.png", "docs/images/console-putaway.png"]),
    );
  });
});
