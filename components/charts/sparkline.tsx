import { sparklinePath } from "@/lib/ui/chart-shapes";

const WIDTH = 480;
const HEIGHT = 40;

/**
 * Response time over the status bar's slots, as server-rendered SVG (no chart library, no
 * hydration): the slots line up with the bar above it, gaps (no checks) stay gaps and a lone
 * check is a visible tick. The y axis starts at zero.
 */
export function Sparkline({ data, color = "var(--color-info)" }: { data: { t: string; v: number | null }[]; color?: string }) {
  const values = data.map((d) => d.v);
  const known = values.filter((v): v is number => v !== null);
  const label = known.length === 0 ? "Response time: no checks in this period" : `Response time: ${Math.min(...known)}–${Math.max(...known)} ms over ${known.length} of ${values.length} periods`;
  return (
    <svg data-testid="sparkline" role="img" aria-label={label} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" className="h-10 w-full overflow-visible">
      <path d={sparklinePath(values, WIDTH, HEIGHT - 2)} transform="translate(0 1)" fill="none" stroke={color} strokeWidth={1.5} strokeLinecap="round" strokeLinejoin="round" vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
