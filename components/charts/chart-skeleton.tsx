/** Shown while a chart's data loads (the page streams), at the chart's size, so nothing jumps. */
export function ChartSkeleton({ height = 220 }: { height?: number }) {
  return <div role="status" aria-label="Loading chart" className="w-full animate-pulse rounded-md bg-muted" style={{ height }} />;
}
