"use client";

import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};
const markerInAddress = () => new URLSearchParams(window.location.search).get("layout-fault")?.slice(0, 64) ?? null;

/**
 * Test-only (OPSDECK_E2E_FAULTS=1, rendered by the root layout): with `?layout-fault=MARKER` in
 * the address, throws while rendering inside the root layout (once hydrated), above every
 * segment's error boundary, so only app/global-error.tsx can catch it. Renders nothing otherwise.
 */
export function LayoutFault() {
  const marker = useSyncExternalStore(noSubscription, markerInAddress, () => null);
  if (marker) throw new Error(`e2e layout failure ${marker} (password=hunter2-e2e token=opk_e2eSecretKey1234)`);
  return null;
}
