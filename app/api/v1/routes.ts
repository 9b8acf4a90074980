import type { RouteModules } from "@/lib/openapi/routes";
import * as audit from "./audit/route";
import * as openApiDocument from "./openapi.json/route";
import * as project from "./projects/[slug]/route";
import * as projectRuns from "./projects/[slug]/runs/route";
import * as projectRunsBatch from "./projects/[slug]/runs/batch/route";
import * as projects from "./projects/route";
import * as runLogs from "./runs/[id]/logs/route";
import * as run from "./runs/[id]/route";

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
  "/api/v1/openapi.json": openApiDocument,
} satisfies RouteModules;
