/**
 * The configuration: checked values, and one list of variables that the README, .env.example and the
 * Kubernetes ConfigMap follow.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { ConfigError, configVariables, loadConfig } from "../../src/config.ts";
import { PROJECT_ROOT } from "../../src/db/migrate.ts";

describe("configuration", () => {
  test("LOG_LEVEL must be one of the levels", () => {
    expect(loadConfig({ LOG_LEVEL: "warn" }).logLevel).toBe("warn");
    expect(loadConfig({}).logLevel).toBe("info");
    expect(() => loadConfig({ LOG_LEVEL: "verbose" })).toThrow(ConfigError);
    expect(() => loadConfig({ LOG_LEVEL: "verbose" })).toThrow(/LOG_LEVEL must be one of debug, info, warn, error/);
  });

  test("JWT_ISSUER and JWT_AUDIENCE are optional single values", () => {
    expect(loadConfig({})).toMatchObject({ jwtIssuer: undefined, jwtAudience: undefined });
    expect(loadConfig({ JWT_ISSUER: "https://idp.example/", JWT_AUDIENCE: "bin-optimizer" })).toMatchObject({
      jwtIssuer: "https://idp.example/",
      jwtAudience: "bin-optimizer",
    });
    expect(() => loadConfig({ JWT_AUDIENCE: "a b" })).toThrow(ConfigError);
  });
});

describe("one list of variables", () => {
  const variables = configVariables();

  test("the README's configuration table lists every variable the service reads, and no other", () => {
    const readme = readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
    const table = /## Configuration\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? "";
    const documented = [...table.matchAll(/^\| ((?:`[A-Z0-9_]+`(?:, )?)+) \|/gm)].flatMap((row) =>
      [...row[1]!.matchAll(/`([A-Z0-9_]+)`/g)].map((name) => name[1]!),
    );
    expect([...documented].sort()).toEqual([...variables].sort());
  });

  test(".env.example names only variables the service reads", () => {
    const example = readFileSync(path.join(PROJECT_ROOT, ".env.example"), "utf8");
    const names = [...example.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]!);
    expect(names.length).toBeGreaterThan(10);
    expect(names.filter((name) => !variables.includes(name))).toEqual([]);
  });

  test("reading the variables reads a configuration: every name a default configuration uses", () => {
    expect(variables).toEqual(expect.arrayContaining(["PORT", "DATABASE_URL", "JWT_MAX_AGE", "STATEMENT_TIMEOUT_MS"]));
    expect(new Set(variables).size).toBe(variables.length);
  });
});
