"use client";

import { startTransition, useEffect, useId, useRef, useState } from "react";
import { linePaths, niceTicks, seriesIsEmpty, stackValues, timeTicks, type AxisDomain } from "@/lib/ui/chart-shapes";
import { utcInputValue } from "@/lib/ui/format";

// Time series as plain SVG, rendered with the page (server and client alike): no chart
// library to download, parse and run before the page settles, which is what kept /metrics
// from being interactive on a phone. Lines leave gaps where there is no data; a stack draws
// no stroke for a layer that is empty throughout. Hovering (or focusing and using the arrow
// keys) shows the exact time and every value; the legend names the series.

export type SeriesSpec = { key: string; label: string; color: string };
export type ChartPoint = { t: string } & Record<string, number | string | null>;
export type { AxisDomain };

// "12-01 19:02" on the axis, the full "2026-12-01 19:02 UTC" in the tooltip.
const axisTime = (ms: number) => new Date(ms).toISOString().slice(5, 16).replace("T", " ");
const fullTime = (iso: string) => `${utcInputValue(new Date(iso))} UTC`;

const PAD = { top: 8, right: 12, bottom: 22, left: 60 };
const DEFAULT_WIDTH = 600;

function useWidth(): [React.RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(DEFAULT_WIDTH);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    // A transition: redrawing every chart at its measured width right after hydration is
    // interruptible work, not one long task in front of the reader's first tap.
    const observer = new ResizeObserver(([entry]) => entry && startTransition(() => setWidth(Math.max(200, Math.round(entry.contentRect.width)))));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

export default function TimeSeriesChart({ data, series, kind = "line", format = (v) => String(v), height = 220, domain }: { data: ChartPoint[]; series: SeriesSpec[]; kind?: "line" | "stacked"; format?: (v: number) => string; height?: number; domain?: AxisDomain }) {
  const [box, width] = useWidth();
  const [hover, setHover] = useState<number | null>(null);
  const titleId = useId();
  const plotHeight = height - 28; // the legend sits under the plot
  const innerW = Math.max(1, width - PAD.left - PAD.right);
  const innerH = Math.max(1, plotHeight - PAD.top - PAD.bottom);

  const times = data.map((d) => Date.parse(d.t));
  const t0 = times[0] ?? 0;
  const t1 = times.at(-1) ?? t0 + 1;
  const x = (t: number) => PAD.left + (t1 === t0 ? innerW / 2 : ((t - t0) / (t1 - t0)) * innerW);

  const stacked = kind === "stacked" ? stackValues(data, series.map((s) => s.key)) : null;
  const values = stacked ? stacked.at(-1)!.map((top) => top) : series.flatMap((s) => data.map((d) => (typeof d[s.key] === "number" ? (d[s.key] as number) : null)));
  const dataMax = Math.max(0, ...values.filter((v): v is number => v !== null));
  const top = domain ? (typeof domain[1] === "function" ? domain[1](dataMax) : domain[1]) : dataMax;
  const yTicks = niceTicks(domain ? domain[0] : 0, top > 0 ? top : 1);
  const yMax = yTicks.at(-1)!;
  const yMin = yTicks[0]!;
  const y = (v: number) => PAD.top + innerH - ((Math.min(Math.max(v, yMin), yMax) - yMin) / (yMax - yMin || 1)) * innerH;
  const xTicks = timeTicks(t0, t1, Math.max(2, Math.floor(innerW / 110)));

  const pick = (clientX: number, rect: DOMRect) => {
    const px = ((clientX - rect.left) / rect.width) * width;
    let best = 0;
    for (let i = 1; i < times.length; i++) if (Math.abs(x(times[i]!) - px) < Math.abs(x(times[best]!) - px)) best = i;
    setHover(times.length ? best : null);
  };
  const point = hover !== null ? data[hover] : undefined;
  const summary = `${series.map((s) => s.label).join(", ")} from ${data[0] ? fullTime(data[0].t) : "?"} to ${data.at(-1) ? fullTime(data.at(-1)!.t) : "?"}, axis up to ${format(yMax)}`;

  return (
    <div data-testid="chart" ref={box} className="relative w-full" style={{ height }}>
      <svg
        data-chart-surface=""
        role="img"
        aria-labelledby={titleId}
        width={width}
        height={plotHeight}
        viewBox={`0 0 ${width} ${plotHeight}`}
        className="block max-w-full touch-pan-y outline-none focus-visible:ring-2 focus-visible:ring-ring"
        tabIndex={0}
        onPointerMove={(e) => pick(e.clientX, e.currentTarget.getBoundingClientRect())}
        onPointerLeave={() => setHover(null)}
        onBlur={() => setHover(null)}
        onKeyDown={(e) => {
          if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
          e.preventDefault();
          const next = hover === null ? (e.key === "ArrowLeft" ? data.length - 1 : 0) : hover + (e.key === "ArrowLeft" ? -1 : 1);
          setHover(Math.min(data.length - 1, Math.max(0, next)));
        }}
      >
        <title id={titleId}>{summary}</title>
        <g aria-hidden="true" fontSize={11} fill="var(--color-muted-foreground)">
          {yTicks.map((v) => (
            <g key={`y${v}`}>
              <line x1={PAD.left} x2={width - PAD.right} y1={y(v)} y2={y(v)} stroke="var(--color-border)" strokeDasharray="3 3" />
              <text data-axis="y" x={PAD.left - 6} y={y(v)} dy="0.32em" textAnchor="end">
                {format(v)}
              </text>
            </g>
          ))}
          {xTicks.map((t) => (
            <text key={`x${t}`} data-axis="x" x={x(t)} y={plotHeight - 6} textAnchor={x(t) > width - PAD.right - 36 ? "end" : "middle"}>
              {axisTime(t)}
            </text>
          ))}
        </g>
        {stacked
          ? [
              ...series.map((s, i) => {
                const lower = i === 0 ? data.map(() => 0) : stacked[i - 1]!;
                const pts = times.map((t, j) => `${x(t).toFixed(1)},${y(stacked[i]![j]!).toFixed(1)}`);
                const base = times.map((t, j) => `${x(t).toFixed(1)},${y(lower[j]!).toFixed(1)}`).reverse();
                return (
                  <g key={s.key} data-series={s.key} aria-hidden="true">
                    {times.length ? <path data-part="area" d={`M${pts.join("L")}L${base.join("L")}Z`} fill={s.color} fillOpacity={0.35} /> : null}
                  </g>
                );
              }),
              // Each layer's top edge, drawn from the top layer down: where a thin layer (a few
              // 5xx) sits on a thick one, the thick one's edge is what shows. An empty layer has none.
              ...series
                .map((s, i) =>
                  seriesIsEmpty(data, s.key) || !times.length ? null : (
                    <path key={`${s.key}-line`} data-part="line" data-series-line={s.key} d={`M${times.map((t, j) => `${x(t).toFixed(1)},${y(stacked[i]![j]!).toFixed(1)}`).join("L")}`} fill="none" stroke={s.color} strokeWidth={1.5} aria-hidden="true" />
                  ),
                )
                .reverse(),
            ]
          : series.map((s) => {
              const d = linePaths(times.map((t, j) => [x(t), typeof data[j]![s.key] === "number" ? y(data[j]![s.key] as number) : null]));
              return (
                <g key={s.key} data-series={s.key} aria-hidden="true">
                  {d ? <path data-part="line" d={d} fill="none" stroke={s.color} strokeWidth={1.5} strokeLinejoin="round" /> : null}
                </g>
              );
            })}
        {point ? <line aria-hidden="true" x1={x(times[hover!]!)} x2={x(times[hover!]!)} y1={PAD.top} y2={PAD.top + innerH} stroke="var(--color-muted-foreground)" /> : null}
      </svg>
      {point ? (
        <div
          role="status"
          className="pointer-events-none absolute top-2 z-10 rounded-md border bg-popover px-3 py-2 text-xs text-popover-foreground shadow-md"
          style={x(times[hover!]!) > width / 2 ? { right: width - x(times[hover!]!) + 8 } : { left: x(times[hover!]!) + 8 }}
        >
          <p className="font-medium">{fullTime(point.t)}</p>
          {series.map((s) => (
            <p key={s.key} className="tabular-nums">
              <span aria-hidden="true" className="mr-1.5 inline-block size-2 rounded-full" style={{ background: s.color }} />
              {s.label}: {typeof point[s.key] === "number" ? format(point[s.key] as number) : "–"}
            </p>
          ))}
        </div>
      ) : null}
      <ul className="flex flex-wrap justify-center gap-x-4 gap-y-1 pt-1 text-xs text-muted-foreground" aria-label="Series">
        {series.map((s) => (
          <li key={s.key} className="inline-flex items-center gap-1.5">
            <span aria-hidden="true" className="inline-block h-0.5 w-3" style={{ background: s.color }} />
            {s.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
