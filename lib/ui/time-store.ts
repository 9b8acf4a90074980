"use client";

import { useSyncExternalStore } from "react";
import { TIME_ZONES, type TimeZoneChoice } from "./relative-time";

// Two browser-side stores every <Time> shares: a clock that ticks while any is on screen,
// and the reader's UTC/local choice (kept in localStorage, changed from the user panel).
// Both answer null on the server and during hydration, so the server's HTML always matches.

const TICK_MS = 15_000;
let now = Date.now();
const clockListeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribeClock(listener: () => void) {
  clockListeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of clockListeners) l();
    }, TICK_MS);
  }
  return () => {
    clockListeners.delete(listener);
    if (clockListeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** Milliseconds since the epoch, refreshed every 15 s; null before hydration. */
export function useNow(): number | null {
  return useSyncExternalStore(subscribeClock, () => now, () => null);
}

export const TIME_ZONE_KEY = "opsdeck-time-zone";
const zoneListeners = new Set<() => void>();

function readZone(): TimeZoneChoice {
  try {
    const stored = window.localStorage.getItem(TIME_ZONE_KEY);
    return (TIME_ZONES as readonly string[]).includes(stored ?? "") ? (stored as TimeZoneChoice) : "utc";
  } catch {
    return "utc";
  }
}

function subscribeZone(listener: () => void) {
  zoneListeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    zoneListeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

/** The reader's choice; "utc" on the server and before hydration. */
export function useTimeZoneChoice(): TimeZoneChoice {
  return useSyncExternalStore(subscribeZone, readZone, () => "utc");
}

export function setTimeZoneChoice(zone: TimeZoneChoice) {
  try {
    window.localStorage.setItem(TIME_ZONE_KEY, zone);
  } catch {
    // Storage refused (private mode): the choice lasts until the page is left.
  }
  for (const l of zoneListeners) l();
}
