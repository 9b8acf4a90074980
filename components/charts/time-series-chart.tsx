"use client";

import { seriesIsEmpty } from "@/lib/ui/chart-shapes";
import { Area, AreaChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

// recharts lives only in this folder's chart files, and those are loaded through
// dynamic.tsx (next/dynamic, ssr: false), so it is never part of a page's first-load JS.

export type SeriesSpec = { key: string; label: string; color: string };
export type ChartPoint = { t: string } & Record<string, number | string | null>;

// Chart times in the same ISO order the range picker uses: "12-01 19:02" on the axis, the full
// "2026-12-01 19:02 UTC" in the tooltip.
const time = (iso: string) => new Date(iso).toISOString().slice(5, 16).replace("T", " ");
const fullTime = (iso: string) => `${new Date(iso).toISOString().slice(0, 16).replace("T", " ")} UTC`;

export type AxisDomain = [number, number | ((dataMax: number) => number)];

export default function TimeSeriesChart({ data, series, kind = "line", format = (v) => String(v), height = 220, domain }: { data: ChartPoint[]; series: SeriesSpec[]; kind?: "line" | "stacked"; format?: (v: number) => string; height?: number; domain?: AxisDomain }) {
  const axes = (
    <>
      <CartesianGrid strokeDasharray="3 3" stroke="var(--color-border)" />
      <XAxis dataKey="t" tickFormatter={time} minTickGap={40} fontSize={11} stroke="var(--color-muted-foreground)" />
      <YAxis tickFormatter={(v: number) => format(v)} domain={domain} allowDataOverflow={false} width={64} fontSize={11} stroke="var(--color-muted-foreground)" />
      <Tooltip labelFormatter={(l) => fullTime(String(l))} formatter={(v) => (typeof v === "number" ? format(v) : String(v ?? "–"))} />
      <Legend wrapperStyle={{ fontSize: 12 }} />
    </>
  );
  return (
    <div data-testid="chart" className="w-full" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        {kind === "stacked" ? (
          <AreaChart data={data}>
            {axes}
            {series.map((s) => (
              <Area key={s.key} dataKey={s.key} name={s.label} stackId="1" stroke={seriesIsEmpty(data, s.key) ? "none" : s.color} fill={s.color} fillOpacity={0.35} isAnimationActive={false} />
            ))}
          </AreaChart>
        ) : (
          <LineChart data={data}>
            {axes}
            {series.map((s) => (
              <Line key={s.key} dataKey={s.key} name={s.label} stroke={s.color} dot={false} connectNulls={false} isAnimationActive={false} />
            ))}
          </LineChart>
        )}
      </ResponsiveContainer>
    </div>
  );
}
