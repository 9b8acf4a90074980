import { createLoader, parseAsStringLiteral, type inferParserType, type SearchParams } from "nuqs/server";
import { incidentStatuses } from "@/lib/alerts/schemas";
import { createHref, type HrefValues } from "@/lib/search-params/href";
import { ignoredParams } from "@/lib/search-params/ignored";
import { parseAsText } from "@/lib/search-params/text";

// URL state of /incidents: the status and project filters and the cursor, so a shared link
// shows the same page. "active" (open or acknowledged) is what an on-call person wants first.

export const INCIDENT_STATUS_FILTERS = ["active", ...incidentStatuses, "all"] as const;
export type IncidentStatusFilter = (typeof INCIDENT_STATUS_FILTERS)[number];

const incidentListParsers = {
  status: parseAsStringLiteral(INCIDENT_STATUS_FILTERS).withDefault("all"),
  project: parseAsText({ trim: true, max: 64 }),
  cursor: parseAsText(),
};
export type IncidentListSearch = inferParserType<typeof incidentListParsers>;

export const loadIncidentListSearch = createLoader(incidentListParsers);
export const ignoredIncidentListParams = (raw: SearchParams) => ignoredParams(raw, { status: incidentListParsers.status });

const incidentsUrl = createHref(incidentListParsers);
export const incidentsHref = (values: HrefValues<typeof incidentListParsers>) => incidentsUrl("/incidents", values);
