/**
 * Data quality, for supervisors: the facility's metrics as tiles, the open findings with a drill-down to the
 * material or location they concern, the dimension verifications flagged for review (approve writes the
 * measured dimensions into master data; dismiss keeps master data), capacity failures, cross-dock
 * cancellations and the remediation log.
 */
import { useState } from "preact/hooks";
import { gql, gqlPartial } from "../api.ts";
import {
  ErrorText,
  Loading,
  nodesOf,
  number,
  percent,
  Section,
  Tile,
  Tiles,
  useLoad,
  when,
} from "../components/ui.tsx";
import {
  DataQualityDocument,
  type DataQualityQuery,
  LocationDetailDocument,
  MaterialDetailDocument,
  ReviewVerificationDocument,
  type VerificationOutcome,
} from "../gql/graphql.ts";
import type { Facility, Session } from "../session.ts";

/** What a drill-down shows: a material or a location, by id. */
type Target = { kind: "material" | "location"; id: string; code: string };

export function DataQuality({ session, facility }: { session: Session; facility: Facility }) {
  const [target, setTarget] = useState<Target>();
  // Each review may change master data: an open drill-down reads it again.
  const [reviews, setReviews] = useState(0);
  const data = useLoad(() => loadDataQuality(session, facility), [facility.facilityId]);
  const answer = data.data;
  const metrics = answer?.getDataQualityMetrics;

  return (
    <>
      <h1>
        Data quality · {facility.code} <span class="muted">{facility.name}</span>
      </h1>
      <ErrorText error={data.error} />
      <Tiles label="Data-quality metrics">
        <Tile label="Materials verified" value={number(metrics?.materialsVerified, 0)} />
        <Tile label="Open findings" value={number(metrics?.openFindings, 0)} />
        <Tile label="Capacity failures" value={number(metrics?.capacityFailures, 0)} />
        <Tile label="Pending relocations" value={number(metrics?.pendingRelocations, 0)} />
        <Tile
          label="Remediation success"
          value={percent(metrics?.remediationSuccessRate, 1)}
          note={metrics == null ? "not computed yet (daily audit)" : `computed ${when(metrics.computedAt)}`}
        />
      </Tiles>
      {answer === undefined ? (
        data.loading ? (
          <Loading what="data quality" />
        ) : null
      ) : (
        <>
          <Verifications
            answer={answer}
            onReviewed={() => {
              setReviews((n) => n + 1);
              data.reload();
            }}
            onOpen={setTarget}
          />
          {target === undefined ? null : (
            <Detail session={session} target={target} version={reviews} onClose={() => setTarget(undefined)} />
          )}
          <Findings answer={answer} onOpen={setTarget} />
          <Section title="Capacity failures">
            <Table
              empty="No capacity failures."
              head={["When", "Location", "Material", "Reason", "Message"]}
              rows={nodesOf(answer.allCapacityValidationFailures).map((f) => [
                when(f.createdAt),
                f.location === null ? (
                  "–"
                ) : (
                  <DrillButton
                    target={{ kind: "location", id: f.location.locationId, code: f.location.code }}
                    onOpen={setTarget}
                  />
                ),
                f.material === null ? (
                  "–"
                ) : (
                  <DrillButton
                    target={{ kind: "material", id: f.material.materialId, code: f.material.code }}
                    onOpen={setTarget}
                  />
                ),
                <code key="reason">{f.reason}</code>,
                f.message,
              ])}
            />
          </Section>
          <Section title="Cross-dock cancellations">
            <Table
              empty="No cross-dock cancellations."
              head={["When", "Status", "Quantity", "Message"]}
              rows={nodesOf(answer.allCrossDockCancellations).map((c) => [
                when(c.createdAt),
                <code key="status">{c.status}</code>,
                number(c.quantity, 3),
                c.message ?? "",
              ])}
            />
          </Section>
          <Section title="Remediation log">
            <Table
              empty="Nothing remediated yet."
              head={["When", "Action", "Table", "Outcome", "Reason"]}
              rows={nodesOf(answer.allBinOptimizationRemediationLogs).map((r) => [
                when(r.createdAt),
                <code key="action">{r.action}</code>,
                r.targetTable,
                <code key="outcome">{r.outcome}</code>,
                r.reason,
              ])}
            />
          </Section>
        </>
      )}
    </>
  );
}

/**
 * The screen's data. The metrics exist once the daily audit has run for the facility; until then the API answers
 * NOT_FOUND for them alone, their tiles say so, and the rest of the screen still shows.
 */
async function loadDataQuality(session: Session, facility: Facility): Promise<DataQualityQuery> {
  const { data, errors } = await gqlPartial(DataQualityDocument, {
    tenantId: session.tenantId,
    facilityId: facility.facilityId,
  });
  const serious = errors.find((e) => !(e.code === "NOT_FOUND" && String(e.details.path) === "getDataQualityMetrics"));
  if (serious !== undefined) throw serious;
  return data;
}

function DrillButton({ target, onOpen }: { target: Target; onOpen: (target: Target) => void }) {
  return (
    <button type="button" class="link" onClick={() => onOpen(target)}>
      {target.code}
    </button>
  );
}

function Verifications(props: { answer: DataQualityQuery; onReviewed: () => void; onOpen: (target: Target) => void }) {
  const rows = nodesOf(props.answer.allMaterialDimensionVerifications);
  const [error, setError] = useState<{ id: string; error: unknown }>();
  const [busy, setBusy] = useState<string>();
  const review = async (id: string, outcome: VerificationOutcome) => {
    setBusy(id);
    setError(undefined);
    try {
      await gql(ReviewVerificationDocument, {
        id,
        outcome,
        notes: `Reviewed in the console: ${outcome.toLowerCase()}`,
      });
      props.onReviewed();
    } catch (failure) {
      setError({ id, error: failure });
    } finally {
      setBusy(undefined);
    }
  };
  const dims = (l: string | null, w: string | null, h: string | null) =>
    `${number(l)} × ${number(w)} × ${number(h)} in`;
  return (
    <Section title="Measurements flagged for review">
      {rows.length === 0 ? (
        <p class="muted">No measurement is waiting for review.</p>
      ) : (
        <ul class="reviews">
          {rows.map((v) => (
            <li
              key={v.verificationId}
              class="review"
              aria-label={`Verification of ${v.material?.code ?? "a material"}`}
            >
              <div>
                {v.material === null ? (
                  "–"
                ) : (
                  <DrillButton
                    target={{ kind: "material", id: v.material.materialId, code: v.material.code }}
                    onOpen={props.onOpen}
                  />
                )}{" "}
                <span class="muted">{v.material?.description}</span>
                <div>
                  Master {dims(v.masterLengthIn, v.masterWidthIn, v.masterHeightIn)}, {number(v.masterWeightLbs, 2)} lb
                </div>
                <div>
                  Measured {dims(v.measuredLengthIn, v.measuredWidthIn, v.measuredHeightIn)},{" "}
                  {number(v.measuredWeightLbs, 2)} lb
                </div>
                <div class="muted">
                  Variance {number(v.variancePct)} % (tolerance {number(v.tolerancePct)} %) · {when(v.createdAt)}
                </div>
              </div>
              <div class="row-actions">
                <button type="button" disabled={busy === v.id} onClick={() => review(v.id, "APPROVED")}>
                  Approve
                </button>
                <button
                  type="button"
                  class="secondary"
                  disabled={busy === v.id}
                  onClick={() => review(v.id, "DISMISSED")}
                >
                  Dismiss
                </button>
              </div>
              {error?.id === v.id ? <ErrorText error={error.error} /> : null}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function Findings({ answer, onOpen }: { answer: DataQualityQuery; onOpen: (target: Target) => void }) {
  const rows = nodesOf(answer.allDataQualityFindings);
  return (
    <Section title="Open findings">
      <Table
        empty="No open findings."
        head={["Finding", "Concerns", "Message", "Last seen"]}
        rows={rows.map((f) => {
          const kind = f.entityType.toLowerCase();
          return [
            <code key="code">{f.code}</code>,
            kind === "material" || kind === "location" ? (
              <DrillButton target={{ kind, id: f.entityId, code: f.entityCode }} onOpen={onOpen} />
            ) : (
              `${f.entityType} ${f.entityCode}`
            ),
            f.message,
            when(f.lastSeenAt),
          ];
        })}
      />
    </Section>
  );
}

function Detail(props: { session: Session; target: Target; version: number; onClose: () => void }) {
  const { session, target, version, onClose } = props;
  const detail = useLoad(async (): Promise<Array<[string, string]>> => {
    if (target.kind === "material") {
      const m = (await gql(MaterialDetailDocument, { tenantId: session.tenantId, materialId: target.id })).materialById;
      if (m == null) return [];
      return [
        ["Code", m.code],
        ["Description", m.description ?? "–"],
        ["Velocity class", m.abcClass ?? "–"],
        ["Unit dimensions", `${number(m.unitLengthIn)} × ${number(m.unitWidthIn)} × ${number(m.unitHeightIn)} in`],
        ["Unit cube", `${number(m.unitCubicFeet, 4)} ft³`],
        ["Unit weight", `${number(m.unitWeightLbs, 3)} lb`],
        ["Temperature", m.temperatureRequirement],
        ["Hazmat class", m.hazmatClass ?? "none"],
      ];
    }
    const l = (await gql(LocationDetailDocument, { tenantId: session.tenantId, locationId: target.id })).locationById;
    if (l == null) return [];
    return [
      ["Code", l.code],
      ["Aisle · bay · level", `${l.aisle ?? "–"} · ${l.bay ?? "–"} · ${l.level ?? "–"}`],
      ["Capacity", `${number(l.maxCubicFeet)} ft³, ${number(l.maxWeightLbs)} lb`],
      ["Mixing", l.mixingRule],
      ["Temperature", l.temperatureClass],
      ["Velocity classes", l.allowedAbcClasses.join(", ")],
      ["State", l.isBlocked ? `blocked: ${l.blockedReason ?? ""}` : l.isActive ? "active" : "inactive"],
    ];
  }, [target.kind, target.id, version]);
  return (
    <Section
      title={`${target.kind === "material" ? "Material" : "Location"} ${target.code}`}
      actions={
        <button type="button" class="link" onClick={onClose}>
          Close
        </button>
      }
    >
      <ErrorText error={detail.error} />
      {detail.data === undefined ? null : detail.data.length === 0 ? (
        <p class="muted">It no longer exists.</p>
      ) : (
        <dl class="detail">
          {detail.data.map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </Section>
  );
}

export function Table({
  head,
  rows,
  empty,
}: {
  head: string[];
  rows: Array<Array<preact.ComponentChildren>>;
  empty: string;
}) {
  if (rows.length === 0) return <p class="muted">{empty}</p>;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must be reachable by keyboard (WCAG 2.1.1)
    <section class="table-scroll" tabIndex={0} aria-label="Table (scrolls sideways on small screens)">
      <table>
        <thead>
          <tr>
            {head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td key={j}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
