/**
 * The report charts, hand-drawn in SVG (no chart library): a weekday × hour heat map and a
 * horizontal bar chart. Each SVG is one labelled image for screen readers (`role="img"` with a
 * summary), every mark carries a `<title>` for pointer users, and each chart's numbers are also
 * written out beside it and offered as CSV — a chart is never the only way to read them.
 */
import type { ReactNode } from 'react';

/** Light to dark blue; the text on a cell switches to white past the middle (contrast ≥ 4.5:1). */
const RAMP = [
  '#eff6ff',
  '#dbeafe',
  '#bfdbfe',
  '#93c5fd',
  '#60a5fa',
  '#3b82f6',
  '#2563eb',
  '#1d4ed8',
  '#1e40af',
  '#1e3a8a',
];

export function rampColour(rate: number): string {
  const i = Math.min(RAMP.length - 1, Math.max(0, Math.round(rate * (RAMP.length - 1))));
  return RAMP[i] as string;
}

export interface HeatCell {
  row: number;
  col: number;
  value: number;
  title: string;
}

/**
 * Rows × columns of cells shaded by `value`, relative to the largest value shown (`legend` names
 * both ends), so a quiet library's pattern is as visible as a full one's. Drawn at a fixed scale
 * inside a sideways-scrolling box, so its labels stay readable on a phone.
 */
export function HeatMap({
  rowLabels,
  colLabels,
  cells,
  label,
  legend,
}: {
  rowLabels: string[];
  colLabels: string[];
  cells: HeatCell[];
  label: string;
  legend: [string, string];
}) {
  const max = Math.max(0, ...cells.map((c) => c.value));
  const cell = 28;
  const left = 44;
  const top = 22;
  const width = left + colLabels.length * cell;
  const height = top + rowLabels.length * cell + 34;
  const at = new Map(cells.map((c) => [`${c.row}:${c.col}`, c]));
  return (
    <div className="chart-scroll">
      <svg
        className="chart heatmap"
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={label}
        data-testid="heatmap"
      >
        {colLabels.map((text, col) =>
          col % 2 === 0 ? (
            <text key={text} x={left + col * cell + cell / 2} y={14} textAnchor="middle" className="axis">
              {text}
            </text>
          ) : null,
        )}
        {rowLabels.map((text, row) => (
          <g key={text}>
            <text x={left - 6} y={top + row * cell + cell / 2 + 4} textAnchor="end" className="axis">
              {text}
            </text>
            {colLabels.map((colLabel, col) => {
              const c = at.get(`${row}:${col}`);
              const value = c?.value ?? 0;
              return (
                <rect
                  key={`${text}:${colLabel}`}
                  x={left + col * cell + 1}
                  y={top + row * cell + 1}
                  width={cell - 2}
                  height={cell - 2}
                  rx={3}
                  fill={rampColour(max > 0 ? value / max : 0)}
                  stroke="#c5cad3"
                  strokeWidth={value > 0 ? 0 : 0.5}
                  data-value={value.toFixed(3)}
                >
                  <title>{c?.title ?? ''}</title>
                </rect>
              );
            })}
          </g>
        ))}
        <g transform={`translate(${left}, ${top + rowLabels.length * cell + 10})`}>
          {RAMP.map((colour, i) => (
            <rect key={colour} x={i * 16} y={0} width={16} height={10} fill={colour} />
          ))}
          <text x={0} y={22} className="axis">
            {legend[0]}
          </text>
          <text x={RAMP.length * 16} y={22} textAnchor="end" className="axis">
            {legend[1]}
          </text>
        </g>
      </svg>
    </div>
  );
}

export interface Bar {
  /** Unique among the chart's bars (an id, or the label when labels are unique). */
  key: string;
  label: string;
  value: number;
  text: string;
}

/**
 * Horizontal bars, each with its label above and its value at its end. Lengths are percentages of
 * the chart's width and the text is in pixels, so the labels keep their size on any screen.
 */
export function BarChart({ bars, label, testId }: { bars: Bar[]; label: string; testId?: string }) {
  const row = 46;
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <svg
      className="chart bars"
      width="100%"
      height={Math.max(row, bars.length * row)}
      role="img"
      aria-label={label}
      data-testid={testId}
    >
      {bars.map((b, i) => {
        const length = Math.max(0.5, (b.value / max) * 68);
        return (
          <g key={b.key}>
            <text x={0} y={i * row + 15} className="bar-label">
              {b.label}
            </text>
            <rect x={0} y={i * row + 21} width={`${length}%`} height={16} rx={3} className="bar">
              <title>{`${b.label}: ${b.text}`}</title>
            </rect>
            <text x={`${length}%`} dx={6} y={i * row + 34} className="bar-value">
              {b.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** A chart with its heading, a short reading of it, and its export button. */
export function ChartCard({
  title,
  summary,
  actions,
  children,
}: {
  title: string;
  summary?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="card stack chart-card" aria-label={title}>
      <div className="row chart-head">
        <h3 className="grow">{title}</h3>
        {actions}
      </div>
      {summary ? <p className="muted">{summary}</p> : null}
      {children}
    </section>
  );
}
