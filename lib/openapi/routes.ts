import { publicRouteDefinitionOf } from "../http/public";
import { routeDefinitionOf } from "../http/pipeline";
import type { DocumentedRoute, HttpMethod } from "./operation";

/** Route modules by template ("/api/v1/runs/[id]" → the module of app/api/v1/runs/[id]/route.ts). */
export type RouteModules = Record<string, Record<string, unknown>>;

const HTTP_METHODS: readonly HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/**
 * The operations of route modules, for buildOpenApiDocument: every exported method handler
 * whose registry entry (route() or publicJsonRoute()) carries a doc. An undocumented handler is
 * left out here rather than breaking the document; tests/openapi.test.ts fails on it.
 */
export function documentedRoutes(modules: RouteModules): DocumentedRoute[] {
  return Object.values(modules).flatMap((mod) =>
    HTTP_METHODS.flatMap((method) => {
      const definition = routeDefinitionOf(mod[method]) ?? publicRouteDefinitionOf(mod[method]);
      return definition?.doc ? [{ method, definition: { ...definition, doc: definition.doc } }] : [];
    }),
  );
}
