import { publicJsonRoute } from "@/lib/http/public";
import { buildOpenApiDocument } from "@/lib/openapi/document";
import { documentedRoutes } from "@/lib/openapi/routes";
import { openApiDocumentSchema } from "@/lib/openapi/schemas";
import { V1_ROUTES } from "../routes";
import { methodsNotAllowed } from "@/lib/http/methods";

// Public and outside the pipeline: documentation must not need a key. The document describes
// every module in ../routes, this one included, so it is built on the first request, once
// they have all loaded.
export const GET = publicJsonRoute(
  {
    route: "/api/v1/openapi.json",
    maxAgeSeconds: 3600,
    doc: {
      operationId: "getOpenApiDocument",
      tag: "Meta",
      summary: "This document",
      success: { status: 200, description: "The OpenAPI 3.1 document", response: openApiDocumentSchema, etag: true },
      errors: [],
    },
  },
  () => JSON.stringify(buildOpenApiDocument(documentedRoutes(V1_ROUTES))),
);

// Every other method: 405 problem+json with Allow (lib/http/methods.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("/api/v1/openapi.json", { GET });
