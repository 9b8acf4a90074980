import { createLoader, type inferParserType } from "nuqs/server";
import { createHref, type HrefValues } from "@/lib/search-params/href";
import { parseAsText } from "@/lib/search-params/text";

// URL state of /alerts: which rule or channel is open for editing, so an edit is a link.

const alertsParsers = {
  edit: parseAsText({ trim: true, max: 64 }),
  channel: parseAsText({ trim: true, max: 64 }),
};
export type AlertsSearch = inferParserType<typeof alertsParsers>;

export const loadAlertsSearch = createLoader(alertsParsers);

const alertsUrl = createHref(alertsParsers);
export const alertsHref = (values: HrefValues<typeof alertsParsers>) => alertsUrl("/alerts", values);
