"use client";

import dynamic from "next/dynamic";
import { ChartSkeleton } from "./chart-skeleton";

// The only way pages get charts: recharts is split into its own chunks, fetched after the
// page is interactive (tests/chart-bundles.test.ts checks the build output for it).
export const TimeSeriesChart = dynamic(() => import("./time-series-chart"), { ssr: false, loading: () => <ChartSkeleton /> });
