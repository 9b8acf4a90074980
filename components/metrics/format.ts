// Formatting shared by the metrics components (server and client alike; fixed locale).

export const fmtRate = (perSecond: number) => (perSecond >= 1 ? `${perSecond.toFixed(1)}/s` : `${(perSecond * 60).toFixed(1)}/min`);
export const fmtPercent = (ratio: number | null) => (ratio === null ? "–" : `${(ratio * 100).toFixed(ratio < 0.01 && ratio > 0 ? 2 : 1)}%`);
export const fmtSeconds = (s: number | null) => (s === null ? "–" : s < 1 ? `${Math.round(s * 1000)} ms` : `${s.toFixed(2)} s`);
