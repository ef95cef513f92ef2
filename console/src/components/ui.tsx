/**
 * The console's small building blocks: loading data with a reload, tiles, sections, error sentences and
 * number formats. Nothing here knows a screen.
 */
import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { sentence } from "../messages.ts";

export interface Loaded<R> {
  data: R | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` when `deps` change (and on reload()); keeps the last data while a reload runs. */
export function useLoad<R>(load: () => Promise<R>, deps: readonly unknown[]): Loaded<R> {
  const [state, setState] = useState<{ data?: R; error?: unknown; loading: boolean }>({ loading: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) => current && setState((previous) => ({ data: previous.data, error, loading: false })),
    );
    return () => {
      current = false;
    };
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

export function Tile({ label, value, note }: { label: string; value: ComponentChildren; note?: ComponentChildren }) {
  return (
    <div class="tile">
      <div class="tile-label">{label}</div>
      <div class="tile-value">{value}</div>
      {note === undefined ? null : <div class="tile-note">{note}</div>}
    </div>
  );
}

export function Tiles({ children, label }: { children: ComponentChildren; label: string }) {
  return (
    <section class="tiles" aria-label={label}>
      {children}
    </section>
  );
}

export function Section({
  title,
  children,
  actions,
}: {
  title: string;
  children: ComponentChildren;
  actions?: ComponentChildren;
}) {
  return (
    <section class="panel" aria-label={title}>
      <div class="panel-head">
        <h2>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** An error as a sentence, announced to screen readers; `id` ties it to the field it concerns. */
export function ErrorText({ error, id }: { error: unknown; id?: string }) {
  if (error === undefined || error === null || error === "") return null;
  return (
    <p class="error" role="alert" id={id}>
      {typeof error === "string" ? error : sentence(error)}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return <p class="muted">Loading {what}…</p>;
}

/** A share (0 to 1) as a percentage. */
export function percent(share: number | string | null | undefined, digits = 0): string {
  if (share === null || share === undefined || share === "") return "–";
  return `${(Number(share) * 100).toFixed(digits)} %`;
}

/** A number with grouping and at most `digits` decimals. */
export function number(value: number | string | null | undefined, digits = 1): string {
  if (value === null || value === undefined || value === "") return "–";
  return Number(value).toLocaleString("en-US", { maximumFractionDigits: digits });
}

/** A timestamp in the browser's time zone, to the minute. */
export function when(value: string | null | undefined): string {
  if (value === null || value === undefined) return "–";
  return new Date(value).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
}

/** The non-null elements of a connection's nodes. */
export function nodesOf<T>(connection: { nodes: ReadonlyArray<T | null> } | null | undefined): T[] {
  return (connection?.nodes ?? []).flatMap((node) => (node === null ? [] : [node]));
}
