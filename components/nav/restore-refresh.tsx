"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** Set by the sign-out button (ms since the epoch): documents loaded before it belong to an ended session. */
export const SIGNED_OUT_KEY = "opsdeck-signed-out-at";

export function markSignedOut(): void {
  try {
    localStorage.setItem(SIGNED_OUT_KEY, String(Date.now()));
  } catch {
    // Storage refused (private mode quotas): the server still ends the session.
  }
}

function signedOutSinceLoad(): boolean {
  try {
    return Number(localStorage.getItem(SIGNED_OUT_KEY) ?? 0) > performance.timeOrigin;
  } catch {
    return false;
  }
}

/**
 * A console page restored from the back/forward cache shows what it showed when it was left.
 * If the session was signed out since (in this tab or another), the page is hidden at once
 * and replaced by the sign-in page, so Back after sign-out shows nothing of the session;
 * otherwise it asks the server again for fresh data. Other open tabs leave on sign-out too.
 */
export function RestoreRefresh() {
  const router = useRouter();
  useEffect(() => {
    const leave = () => {
      document.documentElement.style.visibility = "hidden";
      window.location.replace("/login");
    };
    const onShow = (event: PageTransitionEvent) => {
      if (!event.persisted) return;
      if (signedOutSinceLoad()) leave();
      else router.refresh();
    };
    const onStorage = (event: StorageEvent) => {
      if (event.key === SIGNED_OUT_KEY && event.newValue) leave();
    };
    window.addEventListener("pageshow", onShow);
    window.addEventListener("storage", onStorage);
    return () => {
      window.removeEventListener("pageshow", onShow);
      window.removeEventListener("storage", onStorage);
    };
  }, [router]);
  return null;
}
