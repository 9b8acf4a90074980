import type { RouteModules } from "@/lib/openapi/routes";
import * as audit from "./audit/route";
import * as openApiDocument from "./openapi.json/route";
import * as project from "./projects/[slug]/route";
import * as projectRuns from "./projects/[slug]/runs/route";
import * as projectRunsBatch from "./projects/[slug]/runs/batch/route";
import * as projects from "./projects/route";
import * as runLogs from "./runs/[id]/logs/route";
import * as run from "./runs/[id]/route";
import * as alertRule from "./alert-rules/[id]/route";
import * as alertRules from "./alert-rules/route";
import * as channelTest from "./channels/[id]/test/route";
import * as channelsRoute from "./channels/route";
import * as incident from "./incidents/[id]/route";
import * as incidentAcknowledge from "./incidents/[id]/acknowledge/route";
import * as incidentResolve from "./incidents/[id]/resolve/route";
import * as incidentsRoute from "./incidents/route";
import * as monitor from "./monitors/[id]/route";
import * as monitorsRoute from "./monitors/route";
import * as heartbeat from "./heartbeats/[token]/route";
import * as statusPagesRoute from "./status-pages/route";
import * as statusPage from "./status-pages/[id]/route";
import * as statusPageUpdates from "./status-pages/[id]/updates/route";
import * as heartbeatFail from "./heartbeats/[token]/fail/route";
import * as silence from "./silences/[id]/route";
import * as silencesRoute from "./silences/route";

// Every /api/v1 route module by its template. Importing them fills the route registry, which
// the OpenAPI document (./openapi.json) is built from; tests/openapi.test.ts fails when a
// route file on disk is missing here.
export const V1_ROUTES = {
  "/api/v1/projects": projects,
  "/api/v1/projects/[slug]": project,
  "/api/v1/projects/[slug]/runs": projectRuns,
  "/api/v1/projects/[slug]/runs/batch": projectRunsBatch,
  "/api/v1/runs/[id]": run,
  "/api/v1/runs/[id]/logs": runLogs,
  "/api/v1/audit": audit,
  "/api/v1/monitors": monitorsRoute,
  "/api/v1/monitors/[id]": monitor,
  "/api/v1/heartbeats/[token]": heartbeat,
  "/api/v1/status-pages": statusPagesRoute,
  "/api/v1/status-pages/[id]": statusPage,
  "/api/v1/status-pages/[id]/updates": statusPageUpdates,
  "/api/v1/heartbeats/[token]/fail": heartbeatFail,
  "/api/v1/alert-rules": alertRules,
  "/api/v1/alert-rules/[id]": alertRule,
  "/api/v1/channels": channelsRoute,
  "/api/v1/channels/[id]/test": channelTest,
  "/api/v1/incidents": incidentsRoute,
  "/api/v1/incidents/[id]": incident,
  "/api/v1/incidents/[id]/acknowledge": incidentAcknowledge,
  "/api/v1/incidents/[id]/resolve": incidentResolve,
  "/api/v1/silences": silencesRoute,
  "/api/v1/silences/[id]": silence,
  "/api/v1/openapi.json": openApiDocument,
} satisfies RouteModules;
