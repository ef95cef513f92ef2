/**
 * Putaway, for operators and supervisors: receipt lines entered or scanned (material by code, with search;
 * quantity, lot, expiry), previewed and reserved; then the queue of reservations waiting for a decision, each
 * with the time left on it, accepted where advised, overridden to another position (reason required) or
 * rejected (reason required). Errors from the API appear next to the field they concern.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { gql, newRequestKey } from "../api.ts";
import { ErrorText, Loading, nodesOf, number, percent, Section, useLoad, when } from "../components/ui.tsx";
import {
  ConfirmPutawayDocument,
  PendingPutawaysDocument,
  type PendingPutawaysQuery,
  PreviewPutawayDocument,
  type PutawayAlgorithm,
  type RecommendationFragment,
  ReservePutawayDocument,
  SearchLocationsDocument,
  SearchMaterialsDocument,
} from "../gql/graphql.ts";
import { itemField, sentence } from "../messages.ts";
import type { Facility, Session } from "../session.ts";

const ALGORITHMS: readonly PutawayAlgorithm[] = ["ENHANCED", "HYBRID", "BFD", "FFD"];
const REASONS = [
  "LOCATION_DAMAGED",
  "LOCATION_OCCUPIED",
  "CLOSER_TO_PICK_FACE",
  "PRODUCT_DAMAGED",
  "OPERATOR_JUDGEMENT",
];

interface Line {
  key: number;
  materialId?: string;
  materialCode: string;
  quantity: string;
  lot: string;
  expiry: string;
}

/** Problems of one line, by field. */
type LineErrors = Partial<Record<"material" | "quantity" | "lot" | "expiry", string>>;

let nextKey = 1;
const emptyLine = (): Line => ({ key: nextKey++, materialCode: "", quantity: "", lot: "", expiry: "" });

/** The problems the console can see before asking the API. */
function checkLine(line: Line): LineErrors {
  const errors: LineErrors = {};
  if (line.materialId === undefined) errors.material = "Choose a material: type its code or scan it, then pick it.";
  const quantity = Number(line.quantity);
  if (line.quantity.trim() === "" || !Number.isFinite(quantity) || quantity <= 0) {
    errors.quantity = "Enter a quantity greater than 0.";
  }
  if (line.expiry !== "" && Number.isNaN(Date.parse(line.expiry))) errors.expiry = "Enter a date (YYYY-MM-DD).";
  return errors;
}

const FIELD_OF: Record<string, keyof LineErrors> = {
  materialId: "material",
  quantity: "quantity",
  lotNumber: "lot",
  expiryDate: "expiry",
};

export function Putaway({ facility }: { session: Session; facility: Facility }) {
  const [lines, setLines] = useState<Line[]>(() => [emptyLine()]);
  const reservation = useRequestKey();
  const [algorithm, setAlgorithm] = useState<PutawayAlgorithm>("ENHANCED");
  const [lineErrors, setLineErrors] = useState<Record<number, LineErrors>>({});
  const [formError, setFormError] = useState<unknown>();
  const [results, setResults] = useState<{ reserved: boolean; rows: RecommendationFragment[]; lines: Line[] }>();
  const [busy, setBusy] = useState(false);
  const queue = useLoad(() => gql(PendingPutawaysDocument, { facilityId: facility.facilityId }), [facility.facilityId]);

  useEffect(() => {
    const timer = setInterval(queue.reload, 30_000);
    return () => clearInterval(timer);
  }, [queue.reload]);

  const update = (key: number, patch: Partial<Line>) =>
    setLines((current) => current.map((line) => (line.key === key ? { ...line, ...patch } : line)));

  const run = async (reserve: boolean) => {
    const errors = Object.fromEntries(lines.map((line) => [line.key, checkLine(line)]));
    setLineErrors(errors);
    setFormError(undefined);
    if (Object.values(errors).some((e) => Object.keys(e).length > 0)) return;
    const input = {
      facilityId: facility.facilityId,
      algorithm,
      items: lines.map((line) => ({
        materialId: line.materialId!,
        quantity: Number(line.quantity),
        lotNumber: line.lot.trim() === "" ? null : line.lot.trim(),
        expiryDate: line.expiry === "" ? null : line.expiry,
      })),
    };
    setBusy(true);
    try {
      const rows = reserve
        ? (await gql(ReservePutawayDocument, { input, idempotencyKey: reservation.keyFor(input) }))
            .createBatchPutawayRecommendations?.recommendations
        : (await gql(PreviewPutawayDocument, { input })).getBatchPutawayRecommendations?.recommendations;
      setResults({ reserved: reserve, rows: rows ?? [], lines });
      if (reserve) {
        reservation.succeeded();
        setLines([emptyLine()]);
        queue.reload();
      }
    } catch (error) {
      const named = itemField(error);
      const line = named === undefined ? undefined : lines[named.line];
      const field = named === undefined ? undefined : FIELD_OF[named.field];
      if (line !== undefined && field !== undefined) setLineErrors({ [line.key]: { [field]: sentence(error) } });
      else setFormError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>
        Putaway · {facility.code} <span class="muted">{facility.name}</span>
      </h1>
      <Section title="Receipt">
        <form
          class="receipt"
          onSubmit={(event) => {
            event.preventDefault();
            run(false);
          }}
        >
          {lines.map((line, index) => (
            <ReceiptLine
              key={line.key}
              line={line}
              index={index}
              errors={lineErrors[line.key] ?? {}}
              onChange={(patch) => update(line.key, patch)}
              onRemove={lines.length > 1 ? () => setLines(lines.filter((l) => l.key !== line.key)) : undefined}
            />
          ))}
          <div class="actions">
            <button type="button" class="secondary" onClick={() => setLines([...lines, emptyLine()])}>
              Add line
            </button>
            <label class="inline">
              Algorithm
              <select value={algorithm} onChange={(e) => setAlgorithm(e.currentTarget.value as PutawayAlgorithm)}>
                {ALGORITHMS.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" class="secondary" disabled={busy}>
              Preview
            </button>
            <button type="button" disabled={busy} onClick={() => run(true)}>
              Reserve
            </button>
          </div>
          <ErrorText error={formError} />
        </form>
        {results === undefined ? null : <Results {...results} />}
      </Section>
      <Section
        title="Waiting for a decision"
        actions={
          <button type="button" class="secondary" onClick={queue.reload}>
            Refresh
          </button>
        }
      >
        <ErrorText error={queue.error} />
        {queue.data === undefined ? (
          queue.loading ? (
            <Loading what="the queue" />
          ) : null
        ) : (
          <Queue facility={facility} queue={queue.data} onDecided={queue.reload} />
        )}
      </Section>
    </>
  );
}

function ReceiptLine(props: {
  line: Line;
  index: number;
  errors: LineErrors;
  onChange: (patch: Partial<Line>) => void;
  onRemove?: () => void;
}) {
  const { line, index, errors, onChange, onRemove } = props;
  const id = (field: string) => `line-${line.key}-${field}`;
  const described = (field: keyof LineErrors) => (errors[field] === undefined ? undefined : id(`${field}-error`));
  return (
    <fieldset class="line">
      <legend>Line {index + 1}</legend>
      <MaterialPicker
        id={id("material")}
        line={line}
        error={errors.material}
        onPick={(materialId, materialCode) => onChange({ materialId, materialCode })}
        onType={(materialCode) => onChange({ materialId: undefined, materialCode })}
      />
      <div class="field">
        <label for={id("quantity")}>Quantity</label>
        <input
          id={id("quantity")}
          inputMode="decimal"
          value={line.quantity}
          aria-invalid={errors.quantity !== undefined}
          aria-describedby={described("quantity")}
          onInput={(e) => onChange({ quantity: e.currentTarget.value })}
        />
        <ErrorText error={errors.quantity} id={id("quantity-error")} />
      </div>
      <div class="field">
        <label for={id("lot")}>Lot</label>
        <input
          id={id("lot")}
          value={line.lot}
          aria-invalid={errors.lot !== undefined}
          aria-describedby={described("lot")}
          onInput={(e) => onChange({ lot: e.currentTarget.value })}
        />
        <ErrorText error={errors.lot} id={id("lot-error")} />
      </div>
      <div class="field">
        <label for={id("expiry")}>Expiry</label>
        <input
          id={id("expiry")}
          type="date"
          value={line.expiry}
          aria-invalid={errors.expiry !== undefined}
          aria-describedby={described("expiry")}
          onInput={(e) => onChange({ expiry: e.currentTarget.value })}
        />
        <ErrorText error={errors.expiry} id={id("expiry-error")} />
      </div>
      {onRemove === undefined ? null : (
        <button type="button" class="link" onClick={onRemove}>
          Remove line {index + 1}
        </button>
      )}
    </fieldset>
  );
}

/**
 * A material by code: typing searches (codes starting with the text, descriptions containing it); Enter picks
 * the material whose code is exactly what was typed or scanned, or the only one found.
 */
function MaterialPicker(props: {
  id: string;
  line: Line;
  error?: string;
  onPick: (materialId: string, code: string) => void;
  onType: (code: string) => void;
}) {
  const { id, line, error, onPick, onType } = props;
  const [found, setFound] = useState<Array<{ materialId: string; code: string; description: string | null }>>([]);
  const [searchError, setSearchError] = useState<unknown>();
  const latest = useRef("");

  const search = async (text: string) => {
    latest.current = text;
    if (text.trim() === "") {
      setFound([]);
      return [];
    }
    try {
      const answer = await gql(SearchMaterialsDocument, { query: text });
      const nodes = nodesOf(answer.searchMaterials);
      if (latest.current === text) {
        setFound(nodes);
        setSearchError(undefined);
      }
      return nodes;
    } catch (failure) {
      setSearchError(failure);
      return [];
    }
  };

  useEffect(() => {
    if (line.materialId !== undefined) return;
    const timer = setTimeout(() => search(line.materialCode), 200);
    return () => clearTimeout(timer);
  }, [line.materialCode, line.materialId]);

  const pickTyped = async () => {
    const nodes = await search(line.materialCode);
    const exact = nodes.find((m) => m.code.toLowerCase() === line.materialCode.trim().toLowerCase());
    const chosen = exact ?? (nodes.length === 1 ? nodes[0] : undefined);
    if (chosen !== undefined) {
      onPick(chosen.materialId, chosen.code);
      setFound([]);
    }
  };

  const problem = error ?? (searchError === undefined ? undefined : sentence(searchError));
  const listId = `${id}-options`;
  return (
    <div class="field material">
      <label for={id}>Material</label>
      <input
        id={id}
        autocomplete="off"
        placeholder="Code or scan"
        value={line.materialCode}
        aria-invalid={problem !== undefined}
        aria-describedby={problem === undefined ? undefined : `${id}-error`}
        onInput={(e) => onType(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            pickTyped();
          }
        }}
      />
      {line.materialId !== undefined || found.length === 0 ? null : (
        <ul class="options" id={listId} aria-label="Materials found">
          {found.map((m) => (
            <li key={m.materialId}>
              <button
                type="button"
                onClick={() => {
                  onPick(m.materialId, m.code);
                  setFound([]);
                }}
              >
                <strong>{m.code}</strong> {m.description}
              </button>
            </li>
          ))}
        </ul>
      )}
      <ErrorText error={problem} id={`${id}-error`} />
    </div>
  );
}

function Results({ reserved, rows, lines }: { reserved: boolean; rows: RecommendationFragment[]; lines: Line[] }) {
  return (
    <div class="results">
      <h3>{reserved ? "Reserved" : "Preview (nothing reserved yet)"}</h3>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must be reachable by keyboard (WCAG 2.1.1) */}
      <section class="table-scroll" tabIndex={0} aria-label="Table (scrolls sideways on small screens)">
        <table>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Material</th>
              <th scope="col">Quantity</th>
              <th scope="col">Location</th>
              <th scope="col">Confidence</th>
              <th scope="col">Reason</th>
              {reserved ? <th scope="col">Reserved until</th> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={row.recommendationId ?? i}>
                <td>{row.itemIndex + 1}</td>
                <td>{lines[row.itemIndex]?.materialCode}</td>
                <td>{number(row.quantity, 3)}</td>
                <td>{row.locationCode ?? <span class="warn">no location</span>}</td>
                <td>{percent(row.confidenceScore)}</td>
                <td>
                  <code>{row.reasonCode}</code>
                  {row.crossDockCandidate ? " · cross-dock" : ""}
                </td>
                {reserved ? <td>{when(row.expiresAt)}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

type Pending = NonNullable<NonNullable<PendingPutawaysQuery["pendingPutawayRecommendations"]>["nodes"][number]>;

/** Minutes and seconds left until `expiresAt`. */
function timeLeft(expiresAt: string | null, now: number): string {
  if (expiresAt === null) return "–";
  const seconds = Math.max(0, Math.round((Date.parse(expiresAt) - now) / 1000));
  if (seconds === 0) return "expired";
  const minutes = Math.floor(seconds / 60);
  return minutes >= 60
    ? `${Math.floor(minutes / 60)} h ${minutes % 60} min`
    : `${minutes}:${String(seconds % 60).padStart(2, "0")}`;
}

function Queue({
  facility,
  queue,
  onDecided,
}: {
  facility: Facility;
  queue: PendingPutawaysQuery;
  onDecided: () => void;
}) {
  const [now, setNow] = useState(Date.now());
  const [done, setDone] = useState<string>();
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const rows = nodesOf(queue.pendingPutawayRecommendations);
  return (
    <>
      {done === undefined ? null : (
        <p class="notice" role="status">
          {done}
        </p>
      )}
      {rows.length === 0 ? (
        <p class="muted">Nothing is waiting for a decision.</p>
      ) : (
        <ul class="queue" aria-label="Reservations waiting for a decision">
          {rows.map((row) => (
            <QueueRow
              key={row.recommendationId}
              row={row}
              facility={facility}
              now={now}
              onDecided={(message) => {
                setDone(message);
                onDecided();
              }}
            />
          ))}
        </ul>
      )}
    </>
  );
}

/**
 * The idempotency key of a request: the same key while the same request is sent again (after an answer that
 * never came, say), so that the service acts on it once; a new key once it succeeded or when the request changed.
 */
function useRequestKey(): { keyFor: (request: unknown) => string; succeeded: () => void } {
  const last = useRef<{ request: string; key: string } | undefined>(undefined);
  return {
    keyFor(request) {
      const text = JSON.stringify(request);
      if (last.current?.request !== text) last.current = { request: text, key: newRequestKey() };
      return last.current.key;
    },
    succeeded() {
      last.current = undefined;
    },
  };
}

function QueueRow(props: { row: Pending; facility: Facility; now: number; onDecided: (message: string) => void }) {
  const { row, facility, now, onDecided } = props;
  const [mode, setMode] = useState<"view" | "override" | "reject">("view");
  const [reason, setReason] = useState("");
  const [location, setLocation] = useState<{ id?: string; code: string }>({ code: "" });
  const [errors, setErrors] = useState<{ reason?: unknown; location?: unknown; row?: unknown }>({});
  const [busy, setBusy] = useState(false);
  const decision = useRequestKey();
  const id = `rec-${row.recommendationId}`;
  const title = `${row.material?.code ?? "?"} × ${number(row.quantity, 3)} → ${row.location?.code ?? "?"}`;

  const decide = async (actualLocationId: string | null, reasonCode: string | null) => {
    setBusy(true);
    setErrors({});
    try {
      const input = { recommendationId: row.recommendationId, actualLocationId, reasonCode };
      const answer = await gql(ConfirmPutawayDocument, { input, idempotencyKey: decision.keyFor(input) });
      decision.succeeded();
      const result = answer.confirmPutaway;
      onDecided(
        `${title}: ${result?.status ?? "done"}${result?.actualLocationCode ? ` at ${result.actualLocationCode}` : ""}.`,
      );
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (
        mode === "override" &&
        (code === "INCOMPATIBLE_LOCATION" || code === "CAPACITY_EXCEEDED" || code === "NOT_FOUND")
      ) {
        setErrors({ location: error });
      } else if (mode !== "view" && code === "INVALID_INPUT" && /reason/i.test((error as Error).message)) {
        setErrors({ reason: error });
      } else {
        setErrors({ row: error });
      }
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: Event) => {
    event.preventDefault();
    const missing: typeof errors = {};
    if (reason.trim() === "") missing.reason = "Give a reason.";
    if (mode === "override" && location.id === undefined) missing.location = "Choose the location the stock went to.";
    if (Object.keys(missing).length > 0) {
      setErrors(missing);
      return;
    }
    decide(mode === "override" ? location.id! : null, reason.trim());
  };

  return (
    <li class="queue-row" aria-labelledby={`${id}-title`}>
      <div class="queue-main">
        <div>
          <strong id={`${id}-title`}>{title}</strong>
          <div class="muted">
            {row.material?.description} · lot {row.lotNumber ?? "–"} · confidence {percent(row.confidenceScore)} ·{" "}
            <code>{row.reasonCode}</code>
          </div>
        </div>
        <div class="time-left" title={`Reserved until ${when(row.expiresAt)}`}>
          <span class="visually-hidden">Time left: </span>
          {timeLeft(row.expiresAt, now)}
        </div>
        {mode === "view" ? (
          <div class="row-actions">
            <button type="button" disabled={busy} onClick={() => decide(row.locationId, null)}>
              Accept
            </button>
            <button type="button" class="secondary" onClick={() => setMode("override")}>
              Override
            </button>
            <button type="button" class="secondary danger" onClick={() => setMode("reject")}>
              Reject
            </button>
          </div>
        ) : null}
      </div>
      {mode === "view" ? null : (
        <form class="decision" onSubmit={submit} aria-label={mode === "override" ? "Override" : "Reject"}>
          {mode === "override" ? (
            <LocationPicker
              id={`${id}-location`}
              facility={facility}
              value={location}
              error={errors.location}
              onChange={setLocation}
            />
          ) : null}
          <div class="field">
            <label for={`${id}-reason`}>Reason</label>
            <input
              id={`${id}-reason`}
              list={`${id}-reasons`}
              value={reason}
              aria-invalid={errors.reason !== undefined}
              aria-describedby={errors.reason === undefined ? undefined : `${id}-reason-error`}
              onInput={(e) => setReason(e.currentTarget.value)}
            />
            <datalist id={`${id}-reasons`}>
              {REASONS.map((r) => (
                <option key={r} value={r} />
              ))}
            </datalist>
            <ErrorText error={errors.reason} id={`${id}-reason-error`} />
          </div>
          <div class="actions">
            <button type="submit" disabled={busy} class={mode === "reject" ? "danger" : undefined}>
              {mode === "override" ? "Confirm override" : "Confirm rejection"}
            </button>
            <button type="button" class="link" onClick={() => setMode("view")}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <ErrorText error={errors.row} />
    </li>
  );
}

/** A position of the facility by code, with suggestions as the code is typed. */
function LocationPicker(props: {
  id: string;
  facility: Facility;
  value: { id?: string; code: string };
  error?: unknown;
  onChange: (value: { id?: string; code: string }) => void;
}) {
  const { id, facility, value, error, onChange } = props;
  const [found, setFound] = useState<
    Array<{ locationId: string; code: string; isBlocked: boolean; isActive: boolean }>
  >([]);
  useEffect(() => {
    if (value.id !== undefined || value.code.trim() === "") {
      setFound([]);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      gql(SearchLocationsDocument, { facilityId: facility.facilityId, query: value.code }).then(
        (answer) => current && setFound(nodesOf(answer.searchLocations)),
        () => current && setFound([]),
      );
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [value.code, value.id, facility.facilityId]);
  const exact = found.find((l) => l.code.toLowerCase() === value.code.trim().toLowerCase());
  return (
    <div class="field">
      <label for={id}>Actual location</label>
      <input
        id={id}
        autocomplete="off"
        placeholder="Location code"
        value={value.code}
        aria-invalid={error !== undefined}
        aria-describedby={error === undefined ? undefined : `${id}-error`}
        onInput={(e) => onChange({ code: e.currentTarget.value })}
        onKeyDown={(e) => {
          if (e.key === "Enter" && exact !== undefined) {
            e.preventDefault();
            onChange({ id: exact.locationId, code: exact.code });
          }
        }}
      />
      {value.id !== undefined || found.length === 0 ? null : (
        <ul class="options" id={`${id}-options`} aria-label="Locations found">
          {found.map((l) => (
            <li key={l.locationId}>
              <button type="button" onClick={() => onChange({ id: l.locationId, code: l.code })}>
                <strong>{l.code}</strong>
                {l.isBlocked ? " · blocked" : l.isActive ? "" : " · inactive"}
              </button>
            </li>
          ))}
        </ul>
      )}
      <ErrorText error={error} id={`${id}-error`} />
    </div>
  );
}
