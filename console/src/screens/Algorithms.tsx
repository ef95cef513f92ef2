/**
 * Algorithms, for supervisors: acceptance by algorithm with its Wilson 95 % interval (from the latest statistics
 * period), the trend of acceptance over the periods, the A/B test results, and the putaway simulation runs with
 * travel per pick line and utilization per algorithm.
 */
import type { ChartConfiguration } from "chart.js";
import { useMemo } from "preact/hooks";
import type { SimulationResult } from "../../../src/sim/simulate.ts";
import { gql } from "../api.ts";
import { ChartView, SERIES_COLOURS } from "../components/Chart.tsx";
import { ErrorText, Loading, nodesOf, number, percent, Section, useLoad, when } from "../components/ui.tsx";
import { AlgorithmsDocument, type AlgorithmsQuery } from "../gql/graphql.ts";
import type { Facility, Session } from "../session.ts";
import { Table } from "./DataQuality.tsx";

type Metric = NonNullable<NonNullable<AlgorithmsQuery["allBinOptimizationStatisticalMetrics"]>["nodes"][number]>;

/** The latest period's metrics of each algorithm. */
function latestByAlgorithm(metrics: Metric[]): Map<string, Metric> {
  const latest = new Map<string, Metric>();
  for (const metric of metrics) {
    const seen = latest.get(metric.algorithm);
    if (seen === undefined || seen.periodEnd <= metric.periodEnd) latest.set(metric.algorithm, metric);
  }
  return latest;
}

function acceptanceChart(latest: Map<string, Metric>): ChartConfiguration {
  const rows = [...latest.values()].filter((m) => m.acceptanceRate !== null);
  return {
    type: "bar",
    data: {
      labels: rows.map((m) => m.algorithm),
      datasets: [
        {
          type: "bar",
          label: "Wilson 95 % interval",
          data: rows.map((m) => [Number(m.acceptanceCiLow ?? 0) * 100, Number(m.acceptanceCiHigh ?? 0) * 100]),
          backgroundColor: "#aed6f1",
        },
        {
          type: "line",
          label: "Acceptance rate",
          data: rows.map((m) => Number(m.acceptanceRate) * 100),
          showLine: false,
          pointRadius: 6,
          backgroundColor: "#1f4e79",
          borderColor: "#1f4e79",
        },
      ],
    },
    options: { scales: { y: { min: 0, max: 100, title: { display: true, text: "% accepted" } } } },
  } as ChartConfiguration;
}

function trendChart(metrics: Metric[]): ChartConfiguration {
  const periods = [...new Set(metrics.map((m) => m.periodEnd))].sort();
  const algorithms = [...new Set(metrics.map((m) => m.algorithm))].sort();
  return {
    type: "line",
    data: {
      labels: periods.map((p) => new Date(p).toLocaleDateString("en-GB", { day: "numeric", month: "short" })),
      datasets: algorithms.map((algorithm, i) => ({
        label: algorithm,
        data: periods.map((p) => {
          const m = metrics.find((x) => x.algorithm === algorithm && x.periodEnd === p);
          return m?.acceptanceRate == null ? null : Number(m.acceptanceRate) * 100;
        }),
        borderColor: SERIES_COLOURS[i % SERIES_COLOURS.length],
        backgroundColor: SERIES_COLOURS[i % SERIES_COLOURS.length],
        spanGaps: true,
      })),
    },
    options: { scales: { y: { min: 0, max: 100, title: { display: true, text: "% accepted" } } } },
  };
}

function simulationChart(result: SimulationResult): ChartConfiguration {
  return {
    type: "bar",
    data: {
      labels: result.results.map((r) => r.algorithm),
      datasets: [
        {
          label: "Travel per pick line (ft)",
          data: result.results.map((r) => r.travelPerPickFt),
          backgroundColor: "#1f4e79",
        },
      ],
    },
    options: { indexAxis: "y", plugins: { legend: { display: true } } },
  };
}

export function Algorithms({ facility }: { session: Session; facility: Facility }) {
  const data = useLoad(() => gql(AlgorithmsDocument, { facilityId: facility.facilityId }), [facility.facilityId]);
  const metrics = nodesOf(data.data?.allBinOptimizationStatisticalMetrics);
  const latest = useMemo(() => latestByAlgorithm(metrics), [data.data]);
  const acceptance = useMemo(() => acceptanceChart(latest), [latest]);
  const trend = useMemo(() => trendChart(metrics), [data.data]);
  const statistics = nodesOf(data.data?.allBinOptimizationStatistics);
  const runs = nodesOf(data.data?.allPutawaySimulationRuns);
  const finished = runs.find((r) => r.status === "SUCCEEDED" && r.results !== null);
  const simulation = finished?.results as SimulationResult | undefined;
  const simulated = useMemo(() => (simulation === undefined ? undefined : simulationChart(simulation)), [simulation]);

  return (
    <>
      <h1>
        Algorithms · {facility.code} <span class="muted">{facility.name}</span>
      </h1>
      <ErrorText error={data.error} />
      {data.data === undefined ? (
        data.loading ? (
          <Loading what="the statistics" />
        ) : null
      ) : (
        <>
          <Section title="Acceptance by algorithm">
            <Table
              empty="No recommendation was decided yet."
              head={[
                "Algorithm",
                "Recommendations",
                "Decided",
                "Accepted",
                "Wilson 95 %",
                "Mean confidence",
                "Trend / day",
              ]}
              rows={statistics.map((s) => {
                const m = latest.get(s.algorithm);
                return [
                  s.algorithm,
                  number(s.recommendations, 0),
                  number(s.decided, 0),
                  percent(s.acceptanceRate, 1),
                  m === undefined ? "–" : `${percent(m.acceptanceCiLow, 1)} – ${percent(m.acceptanceCiHigh, 1)}`,
                  percent(s.meanConfidence, 1),
                  s.acceptanceRateTrendPerDay === null
                    ? "–"
                    : `${number(Number(s.acceptanceRateTrendPerDay) * 100, 2)} pt`,
                ];
              })}
            />
            {latest.size === 0 ? null : (
              <ChartView config={acceptance} label="Acceptance rate per algorithm with its Wilson 95 % interval" />
            )}
          </Section>
          <Section title="Acceptance over time">
            {metrics.length === 0 ? (
              <p class="muted">The statistics task has not computed a period yet.</p>
            ) : (
              <ChartView config={trend} label="Acceptance rate per statistics period, one line per algorithm" />
            )}
          </Section>
          <Section title="A/B tests">
            <Table
              empty="No A/B test was computed yet."
              head={["Test", "Metric", "A", "B", "n A / n B", "Value A / B", "p-value", "Significant", "Computed"]}
              rows={nodesOf(data.data.allBinOptimizationAbTestResults).map((t) => [
                t.testName,
                t.metric,
                t.algorithmA,
                t.algorithmB,
                `${t.nA} / ${t.nB}`,
                `${number(t.valueA, 3)} / ${number(t.valueB, 3)}`,
                number(t.pValue, 4),
                t.significant === null ? "–" : t.significant ? "yes" : "no",
                when(t.computedAt),
              ])}
            />
          </Section>
          <Section title="Putaway simulations">
            <Table
              empty="No simulation has run for this facility (runPutawaySimulation starts one)."
              head={["Started", "Days", "Seed", "Status", "Finished"]}
              rows={runs.map((r) => [when(r.createdAt), r.days, r.seed, r.error ?? r.status, when(r.finishedAt)])}
            />
            {simulation === undefined || simulated === undefined ? null : (
              <>
                <ChartView config={simulated} label="Travel per pick line per algorithm in the latest simulation" />
                <Table
                  empty=""
                  head={["Algorithm", "Travel / pick", "vs RANDOM", "Utilization", "Positions", "Unplaced"]}
                  rows={simulation.results.map((r) => [
                    r.algorithm,
                    `${number(r.travelPerPickFt)} ft`,
                    percent(r.travelVsRandom, 1),
                    percent(r.utilization, 1),
                    number(r.positionsUsed, 0),
                    number(r.unplaced, 0),
                  ])}
                />
              </>
            )}
          </Section>
        </>
      )}
    </>
  );
}
