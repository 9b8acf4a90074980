"use client";

import { Line, LineChart, ResponsiveContainer, Tooltip, YAxis } from "recharts";

/** Response time over the status bar's slots; gaps (no checks) stay gaps. */
export default function Sparkline({ data, color = "var(--color-info)" }: { data: { t: string; v: number | null }[]; color?: string }) {
  return (
    <div data-testid="sparkline" className="h-10 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data}>
          <YAxis hide domain={[0, "auto"]} />
          <Tooltip formatter={(v) => (typeof v === "number" ? `${v} ms` : "no data")} labelFormatter={() => ""} />
          <Line dataKey="v" stroke={color} dot={false} strokeWidth={1.5} connectNulls={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
