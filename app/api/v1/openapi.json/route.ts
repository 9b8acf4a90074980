import type { NextRequest } from "next/server";
import { publicJsonResponse } from "@/lib/http/public";
import { buildOpenApiDocument } from "@/lib/openapi/document";

// Public and outside the pipeline: documentation must not need a key.
const document = JSON.stringify(buildOpenApiDocument());

export function GET(request: NextRequest) {
  return publicJsonResponse(request, "/api/v1/openapi.json", document, 3600);
}
