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

// Read from localStorage once and then on change: every <Time> asks on every render, and
// fifty localStorage reads were a tenth of a run list's hydration.
let zone: TimeZoneChoice | null = null;

function readZone(): TimeZoneChoice {
  zone ??= readStoredZone();
  return zone;
}

function readStoredZone(): TimeZoneChoice {
  try {
    const stored = window.localStorage.getItem(TIME_ZONE_KEY);
    return (TIME_ZONES as readonly string[]).includes(stored ?? "") ? (stored as TimeZoneChoice) : "utc";
  } catch {
    return "utc";
  }
}

/** Another tab changed the choice: read it again. */
function onStorage(event: StorageEvent) {
  if (event.key !== null && event.key !== TIME_ZONE_KEY) return;
  zone = null;
  for (const l of zoneListeners) l();
}

function subscribeZone(listener: () => void) {
  if (zoneListeners.size === 0) window.addEventListener("storage", onStorage);
  zoneListeners.add(listener);
  return () => {
    zoneListeners.delete(listener);
    if (zoneListeners.size === 0) window.removeEventListener("storage", onStorage);
  };
}

/** The reader's choice; "utc" on the server and before hydration. */
export function useTimeZoneChoice(): TimeZoneChoice {
  return useSyncExternalStore(subscribeZone, readZone, () => "utc");
}

export function setTimeZoneChoice(choice: TimeZoneChoice) {
  zone = choice;
  try {
    window.localStorage.setItem(TIME_ZONE_KEY, choice);
  } catch {
    // Storage refused (private mode): the choice lasts until the page is left.
  }
  for (const l of zoneListeners) l();
}
