/**
 * One dashboard chart, drawn as inline SVG: bars (overlaid, e.g. answered
 * over all chats), stacked bars, or lines with gaps at days without data.
 * The SVG is an image with a summary as its name; the numbers are in a table
 * under a "Show table" toggle. The plot is a fixed-height box, so it has the
 * same size while loading (a skeleton) as with data.
 */
import type { Dashboard, DashboardDay, DashboardFigures } from '../api/dashboard';
import { formatCount, formatDay, formatDuration, formatRange } from './format';
import { HEIGHT, SLOT, durationMax, linePath, niceMax, round, scale } from './scale';

type Figure = keyof DashboardFigures;

export interface ChartSpec {
  id: string;
  title: string;
  kind: 'bars' | 'stacked' | 'lines';
  series: { key: Figure; label: string }[];
  /** Shown over an empty plot. */
  empty: string;
}

/** A chart's spec; `series` as [figure, legend label] pairs, in drawing order. */
function chart(id: string, title: string, kind: ChartSpec['kind'], series: [Figure, string][], empty: string): ChartSpec {
  return { id, title, kind, series: series.map(([key, label]) => ({ key, label })), empty };
}

/** The two series of a time chart: the daily average and median of `<figure>_avg_seconds` and `<figure>_median_seconds`. */
function averageAndMedian(figure: 'first_response' | 'resolution'): [Figure, string][] {
  return [
    [`${figure}_avg_seconds`, 'Average'],
    [`${figure}_median_seconds`, 'Median'],
  ];
}

export const CHARTS: ChartSpec[] = [
  chart('volume', 'Chat volume', 'bars', [['chats', 'Chats'], ['answered', 'Answered']], 'No chats in this period'),
  chart('first-response', 'Time to first response', 'lines', averageAndMedian('first_response'), 'No answered chats in this period'),
  chart('resolution', 'Time to resolution', 'lines', averageAndMedian('resolution'), 'No ended chats in this period'),
  chart('contacts', 'New and returning contacts', 'stacked', [['new_contacts', 'New'], ['returning_contacts', 'Returning']], 'No contacts in this period'),
];

const value = (figures: DashboardFigures, key: Figure) => figures[key];

/** The axis maximum of a chart over its days. */
export function axisMax(spec: ChartSpec, days: DashboardDay[]): number {
  let peak = 0;
  for (const day of days) {
    const values = spec.series.map((s) => value(day, s.key) ?? 0);
    peak = Math.max(peak, spec.kind === 'stacked' ? values.reduce((a, b) => a + b, 0) : Math.max(...values));
  }
  return spec.kind === 'lines' ? durationMax(peak) : niceMax(peak, 2);
}

function formatter(spec: ChartSpec): (v: number | null) => string {
  return spec.kind === 'lines' ? formatDuration : (v) => (v === null ? '—' : formatCount(v));
}

/** What the chart shows, in words: the image's accessible name. */
export function summarise(spec: ChartSpec, data: Dashboard): string {
  const fmt = formatter(spec);
  const { days, totals } = data;
  const head = `${spec.title}, ${formatRange(data.from, data.to)}: `;
  if (spec.kind === 'lines') {
    const [avg, median] = spec.series;
    const known = days.filter((d) => value(d, avg.key) !== null);
    if (known.length === 0) return `${head}${spec.empty.toLowerCase()}.`;
    const sorted = [...known].sort((a, b) => value(a, avg.key)! - value(b, avg.key)!);
    const low = sorted[0];
    const high = sorted[sorted.length - 1];
    const gaps = days.length - known.length;
    return (
      `${head}average ${fmt(value(totals, avg.key))}, median ${fmt(value(totals, median.key))} over the period. ` +
      `Daily average from ${fmt(value(low, avg.key))} on ${formatDay(low.date)} to ${fmt(value(high, avg.key))} on ${formatDay(high.date)}.` +
      (gaps ? ` No data on ${gaps} of ${days.length} days.` : '')
    );
  }
  const parts = spec.series.map((s) => `${fmt(value(totals, s.key))} ${s.label.toLowerCase()}`);
  const dayTotal = (d: DashboardDay) =>
    spec.kind === 'stacked' ? spec.series.reduce((sum, s) => sum + (value(d, s.key) ?? 0), 0) : value(d, spec.series[0].key) ?? 0;
  const busiest = days.reduce<DashboardDay | null>((best, d) => (!best || dayTotal(d) > dayTotal(best) ? d : best), null);
  const peak = busiest && dayTotal(busiest) > 0 ? ` Highest on ${formatDay(busiest.date)}: ${fmt(dayTotal(busiest))}.` : '';
  return `${head}${parts.join(', ')}.${peak}`;
}

/** Indexes of the days labelled under the plot: first, middle, last. */
function tickDays(n: number): number[] {
  return [...new Set([0, Math.floor((n - 1) / 2), n - 1])].filter((i) => i >= 0);
}

interface ChartProps {
  spec: ChartSpec;
  /** Null while loading: the chart is a skeleton of the same size. */
  data: Dashboard | null;
}

export function Chart({ spec, data }: ChartProps) {
  const headingId = `chart-${spec.id}`;
  return (
    <section class={`dash-chart chart-${spec.id}`} aria-labelledby={headingId}>
      <div class="chart-head">
        <h2 id={headingId}>{spec.title}</h2>
        <ul class="chart-legend" aria-hidden="true">
          {spec.series.map((s, j) => (
            <li key={s.key}>
              <span class={`chart-key s${j} ${spec.kind === 'lines' ? 'is-line' : ''}`} />
              {s.label}
            </li>
          ))}
        </ul>
      </div>
      {data ? (
        <Plot spec={spec} data={data} />
      ) : (
        <>
          <div class="chart-plot skeleton" aria-hidden="true" />
          <div class="chart-table" />
        </>
      )}
    </section>
  );
}

function Plot({ spec, data }: { spec: ChartSpec; data: Dashboard }) {
  const { days } = data;
  const n = days.length;
  const max = axisMax(spec, days);
  const fmt = formatter(spec);
  const lines = spec.kind === 'lines';
  const blank = days.every((d) => spec.series.every((s) => !value(d, s.key)));
  const row = (d: DashboardDay) => spec.series.map((s) => `${s.label}: ${fmt(value(d, s.key))}`).join(', ');

  return (
    <>
      <div class="chart-plot">
        <div class="chart-y" aria-hidden="true">
          <span style={{ top: '0%' }}>{fmt(max)}</span>
          <span style={{ top: '50%' }}>{fmt(max / 2)}</span>
          <span style={{ top: '100%' }}>0</span>
        </div>
        <svg
          class={`chart-svg${n > 31 ? ' is-dense' : ''}`}
          role="img"
          aria-label={summarise(spec, data)}
          viewBox={`0 0 ${n * SLOT} ${HEIGHT}`}
          preserveAspectRatio="none"
        >
          {[0, HEIGHT / 2, HEIGHT].map((y) => (
            <line key={y} class="chart-grid" x1={0} x2={n * SLOT} y1={y} y2={y} />
          ))}
          {lines
            ? spec.series.map((s, j) => (
                <g key={s.key} class={`s${j}`}>
                  <path class="chart-line" d={linePath(days.map((d) => value(d, s.key)), max)} />
                  {days.map((d, i) => {
                    const v = value(d, s.key);
                    if (v === null) return null;
                    return <path key={d.date} class="chart-dot" d={`M${i * SLOT + SLOT / 2} ${round(HEIGHT - scale(v, max))}h0`} />;
                  })}
                </g>
              ))
            : days.map((d, i) => {
                let base = 0;
                return (
                  <g key={d.date}>
                    {spec.series.map((s, j) => {
                      const h = round(scale(value(d, s.key) ?? 0, max));
                      const y = round(HEIGHT - (spec.kind === 'stacked' ? base + h : h));
                      base += h;
                      return <rect key={s.key} class={`chart-bar s${j}`} data-series={s.key} x={i * SLOT + 1.5} width={SLOT - 3} y={y} height={h} />;
                    })}
                  </g>
                );
              })}
          {days.map((d, i) => (
            <rect key={d.date} class="chart-hit" x={i * SLOT} width={SLOT} y={0} height={HEIGHT}>
              <title>{`${formatDay(d.date)}: ${row(d)}`}</title>
            </rect>
          ))}
        </svg>
        {blank && (
          <p class="chart-empty" aria-hidden="true">
            {spec.empty}
          </p>
        )}
        <div class="chart-x" aria-hidden="true">
          {tickDays(n).map((i) => (
            <span key={i} style={{ left: `${((i + 0.5) / n) * 100}%` }}>
              {formatDay(days[i].date)}
            </span>
          ))}
        </div>
      </div>
      <details class="chart-table">
        <summary>Show table</summary>
        <div class="chart-table-scroll">
          <table class="table">
            <caption class="sr-only">{spec.title} per day</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                {spec.series.map((s) => (
                  <th key={s.key} scope="col">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {days.map((d) => (
                <tr key={d.date}>
                  <th scope="row">{formatDay(d.date, true)}</th>
                  {spec.series.map((s) => (
                    <td key={s.key}>{fmt(value(d, s.key))}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}
