/**
 * The production operations files under k8s/, checked offline: every YAML document parses (and means the
 * same in YAML 1.1, which kubectl and Prometheus read, as in 1.2); every manifest passes its kubernetes-models
 * schema and has no key the schema does not declare; the kustomization lists exactly the folder's files; the
 * settings operations rely on (replicas, probes, resources, security, autoscaling, schedules, scraping, secrets
 * only by reference); promtool checks and unit-tests the alerts; the Grafana dashboard queries only metrics the
 * service exports (or kube-state-metrics') through its datasource variable; the PrometheusRule and the plain
 * rule file carry the same groups.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { IPrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import type { IServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IHorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import type { ICronJob } from "kubernetes-models/batch/v1/CronJob";
import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { IService } from "kubernetes-models/v1/Service";
import type pg from "pg";
import client from "prom-client";
import { describe, expect, test } from "vitest";
import { parseAllDocuments, stringify } from "yaml";
import { findPromtool } from "../../scripts/provision.ts";
import { configVariables, loadConfig } from "../../src/config.ts";
import { ALGORITHMS } from "../../src/engine/index.ts";
import { ServiceMetrics } from "../../src/server/metrics.ts";
import { readCrontab } from "../../src/worker.ts";
import { taskList } from "../../tasks/index.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const K8S = path.join(ROOT, "k8s");
const APP_DIR = path.join(K8S, "production", "bin-optimization");
const RULES_FILE = path.join(K8S, "monitoring", "bin-optimization.rules.yml");
const RULES_TEST_FILE = path.join(K8S, "monitoring", "bin-optimization.rules.test.yml");
const DASHBOARD_FILE = path.join(K8S, "monitoring", "bin-optimization-dashboard.json");

const NAMESPACE = "wms";
const IMAGE = "bin-utilization-optimizer";
const CONFIG_MAP = "bin-optimization-config";
const SECRET = "bin-optimization-secrets";
/** Environment variables that carry secrets, and the key of bin-optimization-secrets each comes from. */
const SECRET_ENV: Record<string, string> = {
  DATABASE_URL: "database-url",
  AUTH_DATABASE_URL: "auth-database-url",
  JWT_SECRET: "jwt-secret",
};
/** The service's other settings (src/config.ts), plus npm's, which the migration init container runs through. */
const SETTINGS_ENV = [
  ...configVariables().filter((name) => !(name in SECRET_ENV)),
  "NPM_CONFIG_CACHE",
  "NPM_CONFIG_UPDATE_NOTIFIER",
];
const FEATURE_FLAGS = [
  "BIN_OPTIMIZATION_ALGORITHM",
  "SKU_AFFINITY_ENABLED",
  "CROSS_DOCK_ENABLED",
  "ML_MODEL_ENABLED",
  "CONGESTION_AVOIDANCE_ENABLED",
];

/** The service's own metrics: name, type and labels. */
const SERVICE_METRICS: Record<string, { type: "gauge" | "counter" | "histogram"; labels: string[] }> = {
  bin_utilization_cache_age_seconds: { type: "gauge", labels: ["tenant_id", "facility_id"] },
  ml_model_accuracy_percentage: { type: "gauge", labels: ["model_version"] },
  batch_putaway_processing_time_ms: { type: "histogram", labels: ["algorithm", "batch_size"] },
  putaway_acceptance_rate_percentage: { type: "gauge", labels: ["facility_id"] },
  putaway_recommendation_confidence_score: { type: "histogram", labels: ["algorithm"] },
  putaway_recommendations_total: { type: "counter", labels: ["status"] },
  bin_optimization_health_status: { type: "gauge", labels: ["check_name"] },
  graphile_worker_jobs_queued: { type: "gauge", labels: ["task"] },
  reslotting_positions_freeable: { type: "gauge", labels: ["tenant_id", "facility_id"] },
  reslotting_travel_saving_percentage: { type: "gauge", labels: ["tenant_id", "facility_id"] },
};
/** Metrics the dashboard may use that the service does not export: kube-state-metrics'. */
const EXTERNAL_METRICS = [
  "kube_deployment_status_replicas_available",
  "kube_horizontalpodautoscaler_spec_min_replicas",
  "kube_horizontalpodautoscaler_spec_max_replicas",
  "kube_horizontalpodautoscaler_status_desired_replicas",
];

/** promtool as `npm test` provisions it (scripts/provision.ts), or the one on the PATH. */
const PROMTOOL = findPromtool();
const PROMTOOL_MISSING =
  "promtool is missing: `npm test` (or `npm run -s provision`) fetches it from Debian's prometheus package";

// ---------------------------------------------------------------------------------------------------------
// Files and documents

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)]))
    .sort();
}

const isYaml = (file: string) => /\.ya?ml$/.test(file);
const relative = (file: string) => path.relative(ROOT, file);

interface YamlDocument {
  file: string;
  index: number;
  value: unknown;
}

/** The documents of a YAML file, as YAML 1.1 (what Kubernetes' and Prometheus' Go parsers read). */
function readYaml(file: string): YamlDocument[] {
  const docs = parseAllDocuments(readFileSync(file, "utf8"), { version: "1.1" });
  if (!Array.isArray(docs)) return [];
  return docs.map((doc, index) => {
    const problems = [...doc.errors, ...doc.warnings].map((e) => e.message);
    if (problems.length > 0) throw new Error(`${relative(file)} document ${index}: ${problems.join("; ")}`);
    return { file, index, value: doc.toJS() };
  });
}

interface Manifest {
  file: string;
  apiVersion: string;
  kind: string;
  name: string;
  object: Record<string, unknown>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every Kubernetes object applied by kustomize (the Kustomization itself excluded). */
function readManifests(): Manifest[] {
  return filesUnder(APP_DIR)
    .filter((file) => isYaml(file) && path.basename(file) !== "kustomization.yaml")
    .flatMap(readYaml)
    .map(({ file, index, value }) => {
      if (!isObject(value) || typeof value.apiVersion !== "string" || typeof value.kind !== "string") {
        throw new Error(`${relative(file)} document ${index} is not a Kubernetes object`);
      }
      const metadata = isObject(value.metadata) ? value.metadata : {};
      return { file, apiVersion: value.apiVersion, kind: value.kind, name: String(metadata.name), object: value };
    });
}

const manifests = readManifests();

function find<T>(kind: string, name: string): T {
  const found = manifests.filter((m) => m.kind === kind && m.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  return found[0]!.object as T;
}

function all<T>(kind: string): T[] {
  return manifests.filter((m) => m.kind === kind).map((m) => m.object as T);
}

const api = () => find<IDeployment>("Deployment", "bin-optimization-api");
const worker = () => find<IDeployment>("Deployment", "bin-optimization-worker");

/** Every pod template: the Deployments' and the CronJobs'. */
function podTemplates(): Array<{ owner: string; labels: Record<string, string>; spec: IPodSpec }> {
  return [
    ...all<IDeployment>("Deployment").map((d) => ({
      owner: `Deployment ${d.metadata?.name}`,
      template: d.spec?.template,
    })),
    ...all<ICronJob>("CronJob").map((c) => ({
      owner: `CronJob ${c.metadata?.name}`,
      template: c.spec?.jobTemplate.spec?.template,
    })),
  ].map(({ owner, template }) => {
    if (template?.spec === undefined) throw new Error(`${owner} has no pod template`);
    return { owner, labels: template.metadata?.labels ?? {}, spec: template.spec };
  });
}

function containersOf(spec: IPodSpec): IContainer[] {
  return [...(spec.initContainers ?? []), ...spec.containers];
}

function allContainers(): Array<{ owner: string; container: IContainer }> {
  return podTemplates().flatMap(({ owner, spec }) =>
    containersOf(spec).map((container) => ({ owner: `${owner} ${container.name}`, container })),
  );
}

function matches(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  return (
    selector !== undefined &&
    Object.keys(selector).length > 0 &&
    Object.entries(selector).every(([k, v]) => labels[k] === v)
  );
}

// ---------------------------------------------------------------------------------------------------------
// kubernetes-models: schema validation and the unknown-field walk

interface ModelInstance {
  validate(): void;
}
type ModelClass = (new (data: unknown) => ModelInstance) & { prototype: ModelInstance };

const MODEL_PACKAGES = ["kubernetes-models", "@kubernetes-models/prometheus-operator"];

/** The kubernetes-models class of an apiVersion and kind, e.g. apps/v1 Deployment from kubernetes-models/apps/v1. */
async function modelClass(apiVersion: string, kind: string): Promise<ModelClass> {
  for (const pkg of MODEL_PACKAGES) {
    let module: Record<string, unknown>;
    try {
      module = (await import(`${pkg}/${apiVersion}`)) as Record<string, unknown>;
    } catch {
      continue;
    }
    const model = module[kind];
    if (typeof model === "function") return model as ModelClass;
  }
  throw new Error(`No kubernetes-models class for ${apiVersion} ${kind} (looked in ${MODEL_PACKAGES.join(", ")})`);
}

interface FieldReport {
  /** JSON pointers of keys the schema does not declare. */
  unknown: string[];
  /** Objects whose schema declares no properties at all (free-form), which cannot be checked. */
  unchecked: string[];
}

/**
 * Reports the keys of `data` that the model's schema does not declare. kubernetes-models ships its schemas
 * in `_schemas/*.js` as ajv standalone code: each schema compiled to a function, with every $ref compiled to
 * an import of the referenced schema's module, and no JSON schema left to read. Ajv does not reject unknown
 * keys (the schemas do not say additionalProperties: false), but the code of an object schema reads
 * `data.<property>` for each property the schema declares, present or not, and a map schema
 * (additionalProperties) reads every key. So the model's own validate function runs on a proxy of the data
 * that records, per object, which keys were read: whatever was never read is a key the schema does not know.
 */
function unknownFields(model: ModelClass, data: unknown): FieldReport {
  const nodes: Array<{ pointer: string; keys: string[]; read: Set<string> }> = [];
  const wrap = (value: unknown, pointer: string): unknown => {
    if (typeof value !== "object" || value === null) return value;
    const read = new Set<string>();
    const children = new Map<string, unknown>();
    if (!Array.isArray(value)) nodes.push({ pointer, keys: Object.keys(value), read });
    return new Proxy(value, {
      get(target, key, receiver) {
        const child: unknown = Reflect.get(target, key, receiver);
        if (typeof key !== "string" || !Object.hasOwn(target, key)) {
          if (typeof key === "string") read.add(key);
          return child;
        }
        read.add(key);
        if (!children.has(key)) children.set(key, wrap(child, `${pointer}/${key}`));
        return children.get(key);
      },
    });
  };
  model.prototype.validate.call(wrap(data, "") as ModelInstance);
  const report: FieldReport = { unknown: [], unchecked: [] };
  for (const node of nodes) {
    if (node.read.size === 0) {
      if (node.keys.length > 0) report.unchecked.push(node.pointer || "/");
      continue;
    }
    for (const key of node.keys) if (!node.read.has(key)) report.unknown.push(`${node.pointer}/${key}`);
  }
  return report;
}

// ---------------------------------------------------------------------------------------------------------
// Prometheus: durations, PromQL metric names, promtool

function seconds(duration: string): number {
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };
  const parts = [...duration.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== duration)
    throw new Error(`not a duration: ${duration}`);
  return parts.reduce((sum, p) => sum + Number(p[1]) * units[p[2]!]!, 0);
}

const AGGREGATIONS = new Set([
  "sum",
  "min",
  "max",
  "avg",
  "group",
  "stddev",
  "stdvar",
  "count",
  "count_values",
  "bottomk",
  "topk",
  "quantile",
  "limitk",
  "limit_ratio",
]);
const LABEL_LIST_KEYWORDS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right"]);
const KEYWORDS = new Set([...LABEL_LIST_KEYWORDS, "bool", "and", "or", "unless", "offset", "atan2", "inf", "nan"]);

/** The metric names a PromQL expression selects (not functions, keywords, label names, durations or Grafana variables). */
function metricNames(expr: string): string[] {
  const names = new Set<string>();
  const skipString = (i: number): number => {
    const quote = expr[i];
    let j = i + 1;
    while (j < expr.length && expr[j] !== quote) j += expr[j] === "\\" ? 2 : 1;
    return j + 1;
  };
  const skipTo = (i: number, close: string): number => {
    let j = i + 1;
    while (j < expr.length && expr[j] !== close) j = /["'`]/.test(expr[j]!) ? skipString(j) : j + 1;
    return j + 1;
  };
  let i = 0;
  while (i < expr.length) {
    const rest = expr.slice(i);
    const ch = expr[i]!;
    if (/["'`]/.test(ch)) i = skipString(i);
    else if (ch === "{") i = skipTo(i, "}");
    else if (ch === "[") i = skipTo(i, "]");
    else if (ch === "$") i += /^\$\{?\w+\}?/.exec(rest)?.[0].length ?? 1;
    else if (/[0-9.]/.test(ch)) i += /^[0-9.]+(e[+-]?\d+)?[a-z]*/i.exec(rest)![0].length;
    else if (/[A-Za-z_:]/.test(ch)) {
      const word = /^[A-Za-z_:][\w:]*/.exec(rest)![0];
      i += word.length;
      const after = expr.slice(i).trimStart();
      if (LABEL_LIST_KEYWORDS.has(word) && after.startsWith("(")) i = skipTo(expr.indexOf("(", i), ")");
      else if (!KEYWORDS.has(word) && !AGGREGATIONS.has(word) && !after.startsWith("(")) names.add(word);
    } else i += 1;
  }
  return [...names].sort();
}

/** The series names queries may use: the service's registry (histograms as _bucket, _count, _sum) and kube-state-metrics'. */
function allowedSeries(registry: client.Registry): Set<string> {
  const allowed = new Set(EXTERNAL_METRICS);
  for (const metric of registry.getMetricsAsArray()) {
    // prom-client declares `type` as a numeric enum; at run time it is the exposition's type name.
    if (String(metric.type) === "histogram")
      for (const suffix of ["_bucket", "_count", "_sum"]) allowed.add(metric.name + suffix);
    else allowed.add(metric.name);
  }
  return allowed;
}

function serviceRegistry(): client.Registry {
  const registry = new client.Registry();
  // The database gauges only read through the pool at scrape time; nothing here scrapes.
  new ServiceMetrics(registry).attachDatabase({} as unknown as pg.Pool, "buo_visitor");
  return registry;
}

function promtool(...args: string[]): string {
  const result = spawnSync(PROMTOOL, args, { encoding: "utf8", cwd: ROOT });
  if (result.error !== undefined) {
    throw new Error(
      (result.error as NodeJS.ErrnoException).code === "ENOENT" ? PROMTOOL_MISSING : String(result.error),
    );
  }
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`promtool ${args.join(" ")} failed:\n${output}`);
  return output;
}

interface AlertRule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}
interface RuleGroup {
  name: string;
  rules: AlertRule[];
}

function ruleFileGroups(): RuleGroup[] {
  const [doc, ...more] = readYaml(RULES_FILE);
  expect(more).toEqual([]);
  return (doc!.value as { groups: RuleGroup[] }).groups;
}

const alertRules = () => ruleFileGroups().flatMap((g) => g.rules);

// ---------------------------------------------------------------------------------------------------------
// Grafana

interface Target {
  refId: string;
  expr: string;
  datasource?: { type?: string; uid?: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  targets: Target[];
  fieldConfig: {
    defaults: {
      unit?: string;
      thresholds?: { mode: string; steps: Array<{ color: string; value: number | null }> };
      custom?: { thresholdsStyle?: { mode: string } };
    };
  };
}
interface Dashboard {
  title: string;
  uid: string;
  panels: Panel[];
  templating: { list: Array<{ name: string; type: string; query: string }> };
}

const dashboard = (): Dashboard => JSON.parse(readFileSync(DASHBOARD_FILE, "utf8")) as Dashboard;

/** The one panel whose queries use `metric`. */
function panelUsing(metric: string): Panel {
  const found = dashboard().panels.filter((p) => p.targets.some((t) => metricNames(t.expr).includes(metric)));
  if (found.length !== 1) throw new Error(`expected one panel using ${metric}, found ${found.length}`);
  return found[0]!;
}

const steps = (panel: Panel) => panel.fieldConfig.defaults.thresholds?.steps.map((s) => [s.color, s.value]);

/** Problems with a dashboard: panels or queries without the datasource variable, metrics nobody exports. */
function dashboardProblems(board: Dashboard, allowed: Set<string>): string[] {
  const datasource = ["$", "{datasource}"].join(""); // Grafana's variable, not a template literal
  const problems: string[] = [];
  for (const panel of board.panels) {
    if (panel.datasource?.uid !== datasource) problems.push(`panel "${panel.title}" does not use \${datasource}`);
    if (panel.targets.length === 0) problems.push(`panel "${panel.title}" has no query`);
    for (const target of panel.targets) {
      if (target.datasource?.uid !== datasource)
        problems.push(`panel "${panel.title}" query ${target.refId} does not use \${datasource}`);
      const names = metricNames(target.expr);
      if (names.length === 0) problems.push(`panel "${panel.title}" query ${target.refId} selects no metric`);
      for (const name of names)
        if (!allowed.has(name))
          problems.push(`panel "${panel.title}" query ${target.refId} uses ${name}, which nothing exports`);
    }
  }
  return problems;
}

// =========================================================================================================

describe("files", () => {
  test("every YAML document under k8s/ parses, the same in YAML 1.1 and 1.2; the dashboard is JSON", () => {
    const yamlFiles = filesUnder(K8S).filter(isYaml);
    expect(yamlFiles.map(relative)).toEqual(
      expect.arrayContaining([
        "k8s/monitoring/bin-optimization.rules.yml",
        "k8s/monitoring/bin-optimization.rules.test.yml",
        "k8s/production/bin-optimization/kustomization.yaml",
      ]),
    );
    for (const file of yamlFiles) {
      const docs = readYaml(file);
      expect(docs.length, relative(file)).toBeGreaterThan(0);
      // A scalar like `on`, `yes` or 0755 means something else to Kubernetes (YAML 1.1) than to YAML 1.2 tools.
      const asYaml12 = parseAllDocuments(readFileSync(file, "utf8"), { version: "1.2" });
      expect(Array.isArray(asYaml12) ? asYaml12.map((d) => d.toJS()) : [], relative(file)).toEqual(
        docs.map((d) => d.value),
      );
    }
    expect(() => dashboard()).not.toThrow();
  });

  test("the kustomization lists exactly the manifests of its folder and puts them in namespace wms", () => {
    const [doc] = readYaml(path.join(APP_DIR, "kustomization.yaml"));
    const kustomization = doc!.value as {
      apiVersion: string;
      kind: string;
      namespace: string;
      resources: string[];
      [key: string]: unknown;
    };
    expect(kustomization.apiVersion).toBe("kustomize.config.k8s.io/v1beta1");
    expect(kustomization.kind).toBe("Kustomization");
    expect(kustomization.namespace).toBe(NAMESPACE);
    expect(Object.keys(kustomization).sort()).toEqual(["apiVersion", "images", "kind", "namespace", "resources"]);
    const present = readdirSync(APP_DIR)
      .filter((f) => isYaml(f) && f !== "kustomization.yaml")
      .sort();
    expect([...kustomization.resources].sort()).toEqual(present);
    expect(new Set(kustomization.resources).size).toBe(kustomization.resources.length);
  });

  test("the production folder has every object the service needs, each in namespace wms", () => {
    expect(manifests.map((m) => `${m.kind}/${m.name}`).sort()).toEqual([
      "ConfigMap/bin-optimization-config",
      "CronJob/bin-optimization-data-quality-audit",
      "CronJob/bin-optimization-ml-training",
      "CronJob/bin-utilization-cache-refresh",
      "Deployment/bin-optimization-api",
      "Deployment/bin-optimization-worker",
      "HorizontalPodAutoscaler/bin-optimization-api",
      "NetworkPolicy/bin-optimization",
      "PodDisruptionBudget/bin-optimization-api",
      "PrometheusRule/bin-optimization-alerts",
      "Service/bin-optimization",
      "ServiceMonitor/bin-optimization",
    ]);
    for (const m of manifests)
      expect((m.object.metadata as { namespace?: string }).namespace, `${m.kind} ${m.name}`).toBe(NAMESPACE);
  });
});

describe("schemas", () => {
  test("every manifest validates against its kubernetes-models schema", async () => {
    for (const m of manifests) {
      const model = await modelClass(m.apiVersion, m.kind);
      expect(() => new model(m.object).validate(), `${relative(m.file)} (${m.kind} ${m.name})`).not.toThrow();
    }
  });

  test("no manifest has a key its schema does not declare", async () => {
    for (const m of manifests) {
      const report = unknownFields(await modelClass(m.apiVersion, m.kind), m.object);
      expect(report, `${relative(m.file)} (${m.kind} ${m.name})`).toEqual({ unknown: [], unchecked: [] });
    }
  });

  test("the unknown-key walk catches misspelled keys that schema validation lets through", async () => {
    const Deployment = await modelClass("apps/v1", "Deployment");
    const misspelled = structuredClone(api()) as IDeployment & { spec: { replica?: number } };
    misspelled.spec.replica = 3;
    (misspelled.spec.template.spec!.containers[0] as IContainer & { imagePullPolcy?: string }).imagePullPolcy =
      "Always";
    expect(() => new Deployment(misspelled).validate()).not.toThrow();
    expect(unknownFields(Deployment, misspelled).unknown).toEqual([
      "/spec/replica",
      "/spec/template/spec/containers/0/imagePullPolcy",
    ]);
    // Map-typed fields take any key; schema errors still throw.
    const labelled = structuredClone(api());
    labelled.metadata!.labels!["anything.example.com/goes"] = "yes";
    expect(unknownFields(Deployment, labelled).unknown).toEqual([]);
    const wrongType = structuredClone(api()) as unknown as { spec: { replicas: unknown } };
    wrongType.spec.replicas = "three";
    expect(() => new Deployment(wrongType).validate()).toThrow(/replicas/);
  });
});

describe("workloads", () => {
  test("every container runs a command of the project: an npm script, or node on an entry point (with a known task)", () => {
    const scripts = (
      JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }
    ).scripts;
    const entryPoints = new Set(
      Object.values(scripts).flatMap(
        (script) => /^node (?:--import \S+ )?(src\/cli\/[\w-]+\.ts)$/.exec(script)?.[1] ?? [],
      ),
    );
    const checked = allContainers().filter(({ container }) => container.image === IMAGE);
    expect(checked.length).toBeGreaterThan(0);
    for (const { owner, container } of checked) {
      const [program, first, ...rest] = container.command ?? [];
      if (program === "npm") {
        expect(first, owner).toBe("run");
        expect(Object.keys(scripts), owner).toContain(rest[0]);
        continue;
      }
      expect(program, owner).toBe("node");
      expect([...entryPoints], owner).toContain(first);
      if (first === "src/cli/task.ts") expect(Object.keys(taskList), owner).toContain(rest[0]);
    }
  });

  test("bin-optimization-api: 3 replicas, surge-only rolling update, migrations in an init container, two named ports", () => {
    const d = api();
    expect(d.spec?.replicas).toBe(3);
    expect(d.spec?.strategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(matches(d.spec?.selector.matchLabels, d.spec?.template.metadata?.labels ?? {})).toBe(true);
    const pod = d.spec!.template.spec!;
    expect(pod.initContainers?.map((c) => [c.name, c.image, c.command])).toEqual([
      ["migrate", IMAGE, ["npm", "run", "migrate"]],
    ]);
    expect(pod.containers).toHaveLength(1);
    const container = pod.containers[0]!;
    expect(container.command).toEqual(["node", "src/cli/start.ts"]);
    expect(container.ports?.map((p) => [p.name, p.containerPort])).toEqual([
      ["http", 4000],
      ["metrics", 9090],
    ]);
    expect(container.env?.find((e) => e.name === "WORKER_IN_PROCESS")).toEqual({
      name: "WORKER_IN_PROCESS",
      value: "false",
    });
    expect(container.resources).toEqual({
      requests: { cpu: "500m", memory: "1Gi" },
      limits: { cpu: "1000m", memory: "2Gi" },
    });
  });

  test("bin-optimization-api probes: liveness and startup on /health, readiness on /api/wms/optimization/health", () => {
    const container = api().spec!.template.spec!.containers[0]!;
    const probe = (p: typeof container.livenessProbe) => ({
      path: p?.httpGet?.path,
      port: p?.httpGet?.port,
      initialDelaySeconds: p?.initialDelaySeconds,
      periodSeconds: p?.periodSeconds,
      failureThreshold: p?.failureThreshold,
    });
    expect(probe(container.livenessProbe)).toEqual({
      path: "/health",
      port: "http",
      initialDelaySeconds: 60,
      periodSeconds: 30,
      failureThreshold: 3,
    });
    expect(probe(container.readinessProbe)).toEqual({
      path: "/api/wms/optimization/health",
      port: "http",
      initialDelaySeconds: 30,
      periodSeconds: 10,
      failureThreshold: 3,
    });
    expect(probe(container.startupProbe)).toEqual({
      path: "/health",
      port: "http",
      initialDelaySeconds: 10,
      periodSeconds: 10,
      failureThreshold: 30,
    });
  });

  test("bin-optimization-api pods prefer different nodes", () => {
    const d = api();
    const terms =
      d.spec!.template.spec!.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    expect(terms).toHaveLength(1);
    expect(terms[0]!.podAffinityTerm.topologyKey).toBe("kubernetes.io/hostname");
    expect(matches(terms[0]!.podAffinityTerm.labelSelector?.matchLabels, d.spec!.template.metadata!.labels!)).toBe(
      true,
    );
    expect(
      d.spec!.template.spec!.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
    ).toBeUndefined();
  });

  test("bin-optimization-worker: 2 replicas of the worker command, smaller than the API, no HTTP probes", () => {
    const d = worker();
    expect(d.spec?.replicas).toBe(2);
    expect(matches(d.spec?.selector.matchLabels, d.spec?.template.metadata?.labels ?? {})).toBe(true);
    // The two Deployments' pods must not select each other.
    expect(matches(d.spec?.selector.matchLabels, api().spec!.template.metadata!.labels!)).toBe(false);
    expect(matches(api().spec?.selector.matchLabels, d.spec!.template.metadata!.labels!)).toBe(false);
    const pod = d.spec!.template.spec!;
    expect(pod.containers.map((c) => [c.image, c.command])).toEqual([[IMAGE, ["node", "src/cli/worker.ts"]]]);
    const container = pod.containers[0]!;
    expect(container.ports ?? []).toEqual([]);
    for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe])
      expect(probe?.httpGet).toBeUndefined();
    expect(container.resources).toEqual({
      requests: { cpu: "250m", memory: "512Mi" },
      limits: { cpu: "500m", memory: "1Gi" },
    });
    expect(container.env?.some((e) => e.name === "WORKER_IN_PROCESS")).toBe(false);
  });

  test("every pod runs as uid 1001 on a read-only root, without privileges, with /tmp on an emptyDir", () => {
    const templates = podTemplates();
    expect(templates).toHaveLength(5);
    for (const { owner, spec } of templates) {
      expect(spec.securityContext, owner).toMatchObject({ runAsNonRoot: true, runAsUser: 1001, fsGroup: 1001 });
      expect(spec.automountServiceAccountToken, owner).toBe(false);
      const tmp = spec.volumes?.find((v) => v.emptyDir !== undefined);
      expect(tmp, owner).toBeDefined();
      for (const container of containersOf(spec)) {
        const where = `${owner} ${container.name}`;
        expect(container.image, where).toBe(IMAGE);
        expect(container.securityContext, where).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ["ALL"] },
        });
        expect(container.securityContext?.capabilities?.add ?? [], where).toEqual([]);
        expect(container.securityContext?.privileged ?? false, where).toBe(false);
        expect(container.volumeMounts, where).toContainEqual({ name: tmp!.name, mountPath: "/tmp" });
        expect(container.envFrom, where).toContainEqual({ configMapRef: { name: CONFIG_MAP } });
      }
    }
  });

  test("the CronJobs run one task each, UTC, never overlapping, one retry, with the task resources", () => {
    const expected: Record<string, [string, string]> = {
      "bin-utilization-cache-refresh": ["*/10 * * * *", "refresh_bin_utilization"],
      "bin-optimization-ml-training": ["0 2 * * 0", "train_putaway_model"],
      "bin-optimization-data-quality-audit": ["0 1 * * *", "data_quality_audit"],
    };
    const cronJobs = all<ICronJob>("CronJob");
    expect(cronJobs.map((c) => c.metadata?.name).sort()).toEqual(Object.keys(expected).sort());
    for (const cronJob of cronJobs) {
      const name = cronJob.metadata!.name!;
      const [schedule, task] = expected[name]!;
      expect(cronJob.spec.schedule, name).toBe(schedule);
      expect(cronJob.spec.timeZone, name).toBe("Etc/UTC");
      expect(cronJob.spec.concurrencyPolicy, name).toBe("Forbid");
      const job = cronJob.spec.jobTemplate.spec!;
      expect(job.backoffLimit, name).toBe(1);
      expect(job.template.spec?.restartPolicy, name).toBe("Never");
      const containers = job.template.spec!.containers;
      expect(
        containers.map((c) => c.command),
        name,
      ).toEqual([["node", "src/cli/task.ts", task]]);
      expect(containers[0]!.resources, name).toEqual({
        requests: { cpu: "250m", memory: "512Mi" },
        limits: { cpu: "500m", memory: "1Gi" },
      });
      // A run never outlasts the interval to the next one.
      if (schedule === "*/10 * * * *") expect(job.activeDeadlineSeconds, name).toBeLessThan(600);
    }
  });

  test("the worker leaves exactly the CronJobs' tasks out of its own schedule, so nothing runs twice", async () => {
    const cronTasks = all<ICronJob>("CronJob")
      .map((c) => c.spec.jobTemplate.spec!.template.spec!.containers[0]!.command!.at(-1)!)
      .sort();
    const worker = find<IDeployment>("Deployment", "bin-optimization-worker").spec!.template.spec!.containers[0]!;
    const exclude = worker
      .env!.find((e) => e.name === "WORKER_SCHEDULE_EXCLUDE")!
      .value!.split(",")
      .sort();
    expect(exclude).toEqual(cronTasks);
    const schedule = await readCrontab(exclude);
    for (const task of cronTasks) expect(schedule, task).not.toMatch(new RegExp(`^[^#].* ${task}\\b`, "m"));
    // Without the exclusion (npm start, local runs) the worker schedules them itself.
    for (const task of cronTasks) expect(await readCrontab(), task).toMatch(new RegExp(`^[^#].* ${task}\\b`, "m"));
  });

  test("the HorizontalPodAutoscaler scales the API from 3 to 10 pods on CPU 70 % and memory 80 %, up fast, down slowly", () => {
    const hpa = find<IHorizontalPodAutoscaler>("HorizontalPodAutoscaler", "bin-optimization-api");
    expect(hpa.spec?.scaleTargetRef).toEqual({
      apiVersion: "apps/v1",
      kind: "Deployment",
      name: "bin-optimization-api",
    });
    expect([hpa.spec?.minReplicas, hpa.spec?.maxReplicas]).toEqual([3, 10]);
    expect(hpa.spec?.minReplicas).toBe(api().spec?.replicas);
    expect(hpa.spec?.metrics?.map((m) => [m.type, m.resource?.name, m.resource?.target])).toEqual([
      ["Resource", "cpu", { type: "Utilization", averageUtilization: 70 }],
      ["Resource", "memory", { type: "Utilization", averageUtilization: 80 }],
    ]);
    expect(hpa.spec?.behavior).toEqual({
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: "Max",
        policies: [
          { type: "Percent", value: 100, periodSeconds: 15 },
          { type: "Pods", value: 2, periodSeconds: 15 },
        ],
      },
      scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: "Percent", value: 50, periodSeconds: 60 }] },
    });
    // The autoscaler needs requests to compute utilization.
    expect(api().spec!.template.spec!.containers[0]!.resources?.requests).toHaveProperty("memory");
  });

  test("the PodDisruptionBudget keeps 2 API pods", () => {
    const pdb = find<IPodDisruptionBudget>("PodDisruptionBudget", "bin-optimization-api");
    expect(pdb.spec?.minAvailable).toBe(2);
    expect(pdb.spec?.maxUnavailable).toBeUndefined();
    expect(matches(pdb.spec?.selector?.matchLabels, api().spec!.template.metadata!.labels!)).toBe(true);
    expect(matches(pdb.spec?.selector?.matchLabels, worker().spec!.template.metadata!.labels!)).toBe(false);
  });
});

describe("network and scraping", () => {
  test("Service bin-optimization: ClusterIP, http 4000 and metrics 9090, to the API pods only", () => {
    const service = find<IService>("Service", "bin-optimization");
    expect(service.spec?.type).toBe("ClusterIP");
    expect(service.spec?.ports?.map((p) => [p.name, p.port, p.targetPort])).toEqual([
      ["http", 4000, "http"],
      ["metrics", 9090, "metrics"],
    ]);
    expect(matches(service.spec?.selector, api().spec!.template.metadata!.labels!)).toBe(true);
    expect(matches(service.spec?.selector, worker().spec!.template.metadata!.labels!)).toBe(false);
    const containerPorts = api().spec!.template.spec!.containers[0]!.ports!.map((p) => p.name);
    for (const port of service.spec!.ports!) expect(containerPorts).toContain(port.targetPort);
  });

  test("the ServiceMonitor scrapes the Service's metrics port every 30 s at /api/wms/optimization/metrics", () => {
    const monitor = find<IServiceMonitor>("ServiceMonitor", "bin-optimization");
    expect(
      monitor.spec.endpoints?.map((e) => ({
        port: e.port,
        path: e.path,
        interval: e.interval,
        scrapeTimeout: e.scrapeTimeout,
      })),
    ).toEqual([{ port: "metrics", path: "/api/wms/optimization/metrics", interval: "30s", scrapeTimeout: "10s" }]);
    const service = find<IService>("Service", "bin-optimization");
    expect(matches(monitor.spec.selector.matchLabels, service.metadata?.labels ?? {})).toBe(true);
    expect(monitor.spec.namespaceSelector?.matchNames).toEqual([NAMESPACE]);
    expect(service.spec?.ports?.map((p) => p.name)).toContain("metrics");
  });

  test("the NetworkPolicy covers every pod: HTTP from the ingress controller, metrics from monitoring, out to PostgreSQL and DNS", () => {
    const policy = find<INetworkPolicy>("NetworkPolicy", "bin-optimization");
    for (const { owner, labels } of podTemplates())
      expect(matches(policy.spec?.podSelector?.matchLabels, labels), owner).toBe(true);
    expect(policy.spec?.policyTypes).toEqual(["Ingress", "Egress"]);
    const ingress = (policy.spec?.ingress ?? []).map((rule) => ({
      from: rule.from?.map((peer) => peer.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"]),
      ports: rule.ports?.map((p) => `${p.protocol}/${p.port}`),
    }));
    expect(ingress).toEqual([
      { from: ["ingress-nginx"], ports: ["TCP/4000"] },
      { from: ["monitoring"], ports: ["TCP/9090"] },
    ]);
    const egressPorts = (policy.spec?.egress ?? []).map((rule) => rule.ports?.map((p) => `${p.protocol}/${p.port}`));
    expect(egressPorts).toEqual([["TCP/5432"], ["UDP/53", "TCP/53"]]);
    const dns = policy.spec!.egress![1]!.to![0]!;
    expect(dns.namespaceSelector?.matchLabels).toEqual({ "kubernetes.io/metadata.name": "kube-system" });
    expect(dns.podSelector?.matchLabels).toEqual({ "k8s-app": "kube-dns" });
  });
});

describe("configuration and secrets", () => {
  const configMap = () => find<IConfigMap>("ConfigMap", CONFIG_MAP);

  test("the ConfigMap holds the feature flags and settings, all known names, none secret", () => {
    const data = configMap().data ?? {};
    expect(Object.keys(data)).toEqual(expect.arrayContaining(FEATURE_FLAGS));
    for (const key of Object.keys(data)) expect(SETTINGS_ENV, key).toContain(key);
    for (const key of Object.keys(SECRET_ENV)) expect(data).not.toHaveProperty(key);
    expect(configMap().binaryData).toBeUndefined();
    expect(ALGORITHMS).toContain(data.BIN_OPTIMIZATION_ALGORITHM);
    for (const flag of FEATURE_FLAGS.slice(1)) expect(["true", "false"], flag).toContain(data[flag]);
  });

  test("the service accepts each container's environment (ConfigMap, its env, the secrets) and listens on the declared ports", () => {
    const data = configMap().data ?? {};
    const fakeSecrets: Record<string, string> = {
      DATABASE_URL: "postgres://owner:x@db:5432/bin_utilization",
      AUTH_DATABASE_URL: "postgres://authenticator:x@db:5432/bin_utilization",
      JWT_SECRET: "x".repeat(32),
    };
    for (const { owner, container } of allContainers()) {
      const env: Record<string, string> = { ...data };
      for (const variable of container.env ?? []) {
        expect([...SETTINGS_ENV, ...Object.keys(SECRET_ENV)], `${owner} ${variable.name}`).toContain(variable.name);
        env[variable.name] = variable.value ?? fakeSecrets[variable.name]!;
      }
      const config = loadConfig(env);
      expect(config.production, owner).toBe(true);
      expect(config.databaseUrl, owner).toBeDefined();
    }
    const apiContainer = api().spec!.template.spec!.containers[0]!;
    const apiEnv = Object.fromEntries((apiContainer.env ?? []).map((e) => [e.name, e.value ?? fakeSecrets[e.name]!]));
    const config = loadConfig({ ...data, ...apiEnv });
    expect(config.workerInProcess).toBe(false);
    expect(config.authDatabaseUrl).toBeDefined();
    expect(config.host).toBe("0.0.0.0");
    const ports = Object.fromEntries(apiContainer.ports!.map((p) => [p.name, p.containerPort]));
    expect([config.port, config.metricsPort]).toEqual([ports.http, ports.metrics]);
  });

  test("secrets come only from bin-optimization-secrets by secretKeyRef, and no manifest holds one", () => {
    for (const { owner, container } of allContainers()) {
      for (const variable of container.env ?? []) {
        const key = SECRET_ENV[variable.name];
        if (key === undefined) {
          expect(variable.valueFrom, `${owner} ${variable.name}`).toBeUndefined();
          continue;
        }
        expect(variable.value, `${owner} ${variable.name}`).toBeUndefined();
        expect(variable.valueFrom, `${owner} ${variable.name}`).toEqual({ secretKeyRef: { name: SECRET, key } });
      }
      for (const source of container.envFrom ?? []) expect(source.secretRef, owner).toBeUndefined();
    }
    const apiEnv = api().spec!.template.spec!.containers[0]!.env!.map((e) => e.name);
    expect(apiEnv).toEqual(expect.arrayContaining(Object.keys(SECRET_ENV)));
    for (const { owner, spec } of podTemplates())
      for (const volume of spec.volumes ?? []) expect(volume.secret, owner).toBeUndefined();
    // No Secret object, generator or credential anywhere under k8s/.
    for (const file of filesUnder(K8S).filter((f) => /\.(ya?ml|json)$/.test(f))) {
      const text = readFileSync(file, "utf8");
      expect(text, relative(file)).not.toMatch(/^kind:\s*Secret\s*$/m);
      expect(text, relative(file)).not.toMatch(/secretGenerator/);
      expect(text, relative(file)).not.toMatch(/postgres(ql)?:\/\/[^\s'"@/]*:[^\s'"@/]*@/);
      expect(text, relative(file)).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
    }
  });
});

describe("alerts", () => {
  const expected: Record<string, { severity: string; for: string; expr: string }> = {
    BinUtilizationCacheStale: {
      severity: "critical",
      for: "5m",
      expr: "max(bin_utilization_cache_age_seconds) > 1800",
    },
    MLModelAccuracyLow: { severity: "critical", for: "1h", expr: "min(ml_model_accuracy_percentage) < 70" },
    // >= because histogram_quantile() never exceeds the largest finite bucket, 5000 (see the rule file).
    PutawayProcessingTimeCritical: {
      severity: "critical",
      for: "10m",
      expr: "histogram_quantile(0.95, sum by (le) (rate(batch_putaway_processing_time_ms_bucket[5m]))) >= 5000",
    },
    BinOptimizationErrorRateHigh: {
      severity: "critical",
      for: "10m",
      expr: 'sum(rate(putaway_recommendations_total{status="error"}[5m])) / sum(rate(putaway_recommendations_total[5m])) > 0.05',
    },
    BinUtilizationCacheDegraded: {
      severity: "warning",
      for: "5m",
      expr: "max(bin_utilization_cache_age_seconds) > 900",
    },
    MLModelAccuracyDegraded: { severity: "warning", for: "30m", expr: "min(ml_model_accuracy_percentage) < 80" },
    PutawayProcessingTimeSlow: {
      severity: "warning",
      for: "15m",
      expr: "histogram_quantile(0.95, sum by (le) (rate(batch_putaway_processing_time_ms_bucket[5m]))) > 2000",
    },
    PutawayAcceptanceRateLow: { severity: "warning", for: "2h", expr: "min(putaway_acceptance_rate_percentage) < 60" },
    PutawayConfidenceLow: {
      severity: "warning",
      for: "1h",
      expr: "histogram_quantile(0.5, sum by (le) (rate(putaway_recommendation_confidence_score_bucket[1h]))) < 0.65",
    },
  };

  test("the nine alerts, with their expressions, severities, durations and annotations", () => {
    const rules = alertRules();
    expect(rules.map((r) => r.alert).sort()).toEqual(Object.keys(expected).sort());
    const runbookBases = new Set<string>();
    for (const rule of rules) {
      const want = expected[rule.alert]!;
      expect({ severity: rule.labels.severity, for: rule.for, expr: rule.expr }, rule.alert).toEqual(want);
      expect(Object.keys(rule.annotations).sort(), rule.alert).toEqual(["description", "runbook_url", "summary"]);
      expect(rule.annotations.summary!.length, rule.alert).toBeGreaterThan(10);
      expect(rule.annotations.description!.length, rule.alert).toBeGreaterThan(20);
      const url = rule.annotations.runbook_url!;
      expect(url, rule.alert).toMatch(new RegExp(`^https://\\S+/docs/runbook\\.md#${rule.alert.toLowerCase()}$`));
      runbookBases.add(url.slice(0, url.indexOf("#")));
    }
    // One base URL, so that moving the runbook is one replacement.
    expect(runbookBases.size).toBe(1);
  });

  test("the alerts use only metrics the service exports, with their labels", () => {
    const allowed = allowedSeries(serviceRegistry());
    for (const rule of alertRules()) {
      const names = metricNames(rule.expr);
      expect(names.length, rule.alert).toBeGreaterThan(0);
      for (const name of names)
        expect(allowed.has(name) && !EXTERNAL_METRICS.includes(name), `${rule.alert}: ${name}`).toBe(true);
    }
  });

  test("the PrometheusRule carries exactly the groups of the rule file", () => {
    const rule = find<IPrometheusRule>("PrometheusRule", "bin-optimization-alerts");
    expect(rule.spec.groups).toEqual(ruleFileGroups());
  });

  test("promtool check rules accepts the rule file and the PrometheusRule's groups", () => {
    expect(promtool("check", "rules", RULES_FILE)).toMatch(/SUCCESS: 9 rules found/);
    const dir = mkdtempSync(path.join(os.tmpdir(), "buo-rules-"));
    try {
      const file = path.join(dir, "prometheusrule.yml");
      writeFileSync(
        file,
        stringify({ groups: find<IPrometheusRule>("PrometheusRule", "bin-optimization-alerts").spec.groups }),
      );
      expect(promtool("check", "rules", file)).toMatch(/SUCCESS: 9 rules found/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("promtool test rules passes", () => {
    expect(promtool("test", "rules", RULES_TEST_FILE)).toMatch(/SUCCESS/);
  });

  test("the promtool tests fire each alert past its `for`, and keep it quiet just inside its threshold", () => {
    const [doc] = readYaml(RULES_TEST_FILE);
    interface AlertTest {
      eval_time: string;
      alertname: string;
      exp_alerts: Array<{ exp_labels: Record<string, string>; exp_annotations?: Record<string, string> }>;
    }
    const suite = doc!.value as { rule_files: string[]; tests: Array<{ name: string; alert_rule_test?: AlertTest[] }> };
    expect(suite.rule_files).toEqual([path.basename(RULES_FILE)]);
    for (const rule of alertRules()) {
      const hold = seconds(rule.for);
      const groups = suite.tests.map((t) => ({
        name: t.name,
        checks: (t.alert_rule_test ?? []).filter((c) => c.alertname === rule.alert),
      }));
      // Fires: some group expects it after `for`, and expects nothing before `for` has passed.
      const firing = groups.filter((g) => g.checks.some((c) => c.exp_alerts.length > 0));
      expect(firing.length, `${rule.alert} is never expected to fire`).toBeGreaterThan(0);
      for (const g of firing) {
        for (const c of g.checks.filter((c) => c.exp_alerts.length > 0)) {
          expect(seconds(c.eval_time), g.name).toBeGreaterThan(hold);
          expect(
            c.exp_alerts.map((a) => a.exp_labels.severity),
            g.name,
          ).toEqual([rule.labels.severity]);
          expect(c.exp_alerts[0]!.exp_annotations?.runbook_url, g.name).toBe(rule.annotations.runbook_url);
        }
        expect(
          g.checks.some((c) => c.exp_alerts.length === 0 && seconds(c.eval_time) < hold),
          `${g.name}: nothing checked before \`for\``,
        ).toBe(true);
      }
      // Quiet: some group never expects it, evaluated long after `for` would have passed.
      const quiet = groups.filter(
        (g) =>
          g.checks.length > 0 &&
          g.checks.every((c) => c.exp_alerts.length === 0) &&
          g.checks.some((c) => seconds(c.eval_time) > hold),
      );
      expect(quiet.length, `${rule.alert} has no quiet case past its \`for\``).toBeGreaterThan(0);
    }
  });
});

describe("metrics and dashboard", () => {
  test("the service exports the metrics the alerts and dashboard are written against", () => {
    const registry = serviceRegistry();
    const own = registry
      .getMetricsAsArray()
      .filter((m) => !/^(process|nodejs)_/.test(m.name))
      .map((m) => [
        m.name,
        { type: String(m.type), labels: [...((m as unknown as { labelNames: string[] }).labelNames ?? [])] },
      ]);
    expect(Object.fromEntries(own)).toEqual(SERVICE_METRICS);
    const names = new Set(registry.getMetricsAsArray().map((m) => m.name));
    expect(names).toContain("process_cpu_user_seconds_total");
    expect(names).toContain("nodejs_heap_size_used_bytes");
  });

  test("the PromQL metric-name reader finds metrics and nothing else", () => {
    expect(
      metricNames(
        'sum by (le) (rate(a_bucket{le="0.5", job=~"x|y"}[5m])) / on (instance) group_left(pod) b_total offset 1h > bool 0.5',
      ),
    ).toEqual(["a_bucket", "b_total"]);
    expect(
      metricNames("histogram_quantile(0.95, sum without (pod) (increase(c_count[$__range]))) and ignoring(le) max(d)"),
    ).toEqual(["c_count", "d"]);
    expect(metricNames("vector(1) + time()")).toEqual([]);
  });

  test("the dashboard is importable: a Prometheus datasource variable, used by every panel and query", () => {
    const board = dashboard();
    expect(board.uid).toBe("bin-optimization");
    expect(board.templating.list).toContainEqual(
      expect.objectContaining({ name: "datasource", type: "datasource", query: "prometheus" }),
    );
    expect(new Set(board.panels.map((p) => p.id)).size).toBe(board.panels.length);
    expect(dashboardProblems(board, allowedSeries(serviceRegistry()))).toEqual([]);
  });

  test("the dashboard check rejects unknown metrics and panels without the datasource variable", () => {
    const board = dashboard();
    const broken: Dashboard = structuredClone(board);
    broken.panels[0]!.targets[0]!.expr = "sum(made_up_metric_total)";
    broken.panels[1]!.datasource = { type: "prometheus", uid: "prometheus-prod" };
    expect(dashboardProblems(broken, allowedSeries(serviceRegistry()))).toEqual([
      `panel "${board.panels[0]!.title}" query A uses made_up_metric_total, which nothing exports`,
      `panel "${board.panels[1]!.title}" does not use \${datasource}`,
    ]);
  });

  test("the dashboard has the nine panels, with the alerts' thresholds", () => {
    const board = dashboard();
    expect(board.panels).toHaveLength(9);
    expect(panelUsing("bin_optimization_health_status").type).toBe("stat");

    const cache = panelUsing("bin_utilization_cache_age_seconds");
    expect([cache.type, cache.fieldConfig.defaults.unit]).toEqual(["gauge", "s"]);
    expect(steps(cache)).toEqual([
      ["green", null],
      ["yellow", 900],
      ["red", 1800],
    ]);

    const accuracy = panelUsing("ml_model_accuracy_percentage");
    expect([accuracy.type, accuracy.fieldConfig.defaults.unit]).toEqual(["gauge", "percent"]);
    expect(steps(accuracy)).toEqual([
      ["red", null],
      ["yellow", 70],
      ["green", 80],
    ]);

    const acceptance = panelUsing("putaway_acceptance_rate_percentage");
    expect(acceptance.type).toBe("timeseries");
    expect(steps(acceptance)).toContainEqual(["green", 90]);
    expect(acceptance.fieldConfig.defaults.custom?.thresholdsStyle?.mode).not.toBe("off");

    const latency = panelUsing("batch_putaway_processing_time_ms_bucket");
    expect(latency.targets.map((t) => /^histogram_quantile\(([0-9.]+),/.exec(t.expr)?.[1])).toEqual([
      "0.5",
      "0.95",
      "0.99",
    ]);
    expect(latency.fieldConfig.defaults.unit).toBe("ms");

    const algorithms = panelUsing("batch_putaway_processing_time_ms_count");
    expect(algorithms.type).toBe("piechart");
    expect(algorithms.targets[0]!.expr).toMatch(/^sum by \(algorithm\) /);

    const errors = panelUsing("putaway_recommendations_total");
    expect(errors.targets[0]!.expr).toContain('status="error"');
    expect(errors.fieldConfig.defaults.unit).toBe("percentunit");
    expect(steps(errors)).toContainEqual(["red", 0.05]);
    expect(errors.fieldConfig.defaults.custom?.thresholdsStyle?.mode).not.toBe("off");

    const pods = panelUsing("kube_deployment_status_replicas_available");
    const podMetrics = pods.targets.flatMap((t) => metricNames(t.expr));
    expect(podMetrics).toEqual(
      expect.arrayContaining([
        "kube_horizontalpodautoscaler_spec_min_replicas",
        "kube_horizontalpodautoscaler_spec_max_replicas",
      ]),
    );
    for (const t of pods.targets) expect(t.expr).toContain('namespace="wms"');
    expect(pods.targets.map((t) => t.expr).join(" ")).toContain("bin-optimization-api");

    const reslotting = panelUsing("reslotting_positions_freeable");
    expect(reslotting.targets.flatMap((t) => metricNames(t.expr))).toEqual([
      "reslotting_positions_freeable",
      "reslotting_travel_saving_percentage",
    ]);
  });

  test("promtool accepts every dashboard query (as a recording rule, Grafana's variables filled in)", () => {
    const rules = dashboard().panels.flatMap((panel) =>
      panel.targets.map((t) => ({
        record: `dashboard:panel_${panel.id}_${t.refId}`,
        expr: t.expr.replaceAll("$__rate_interval", "5m").replaceAll("$__range", "6h").replaceAll("$__interval", "1m"),
      })),
    );
    expect(rules.every((r) => !r.expr.includes("$"))).toBe(true);
    const dir = mkdtempSync(path.join(os.tmpdir(), "buo-dashboard-"));
    try {
      const file = path.join(dir, "dashboard.rules.yml");
      writeFileSync(file, stringify({ groups: [{ name: "dashboard", rules }] }));
      expect(promtool("check", "rules", file)).toMatch(new RegExp(`SUCCESS: ${rules.length} rules found`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the runbook", () => {
  test("has a section for every alert, where the alert's runbook_url points", () => {
    const runbook = readFileSync(path.join(ROOT, "docs", "runbook.md"), "utf8");
    const anchors = new Set(
      [...runbook.matchAll(/^#{2,4} (.+)$/gm)].map((m) =>
        m[1]!
          .trim()
          .toLowerCase()
          .replace(/[^a-z0-9 -]/g, "")
          .replace(/ /g, "-"),
      ),
    );
    const rules = find<IPrometheusRule>("PrometheusRule", "bin-optimization-alerts").spec.groups!.flatMap(
      (g) => g.rules ?? [],
    );
    expect(rules.length).toBe(9);
    for (const rule of rules) {
      const url = String(rule.annotations?.runbook_url ?? "");
      expect(url, rule.alert).toMatch(/docs\/runbook\.md#[a-z0-9-]+$/);
      expect(anchors, `${rule.alert}: ${url}`).toContain(url.split("#")[1]);
    }
  });

  test("names the rollback script that exists", () => {
    const runbook = readFileSync(path.join(ROOT, "docs", "runbook.md"), "utf8");
    const named = [...runbook.matchAll(/`(migrations\/rollback\/[^`]+\.sql)`/g)].map(([, file]) => file!);
    expect(named.length).toBeGreaterThan(0);
    for (const file of named)
      expect(readdirSync(path.join(ROOT, "migrations", "rollback")), file).toContain(path.basename(file));
  });
});
