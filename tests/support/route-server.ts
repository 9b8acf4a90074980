import type { NextRequest } from "next/server";
import { V1_ROUTES } from "@/app/api/v1/routes";
import { unknownApiPath } from "@/lib/http/methods";
import { serve, type Served } from "./serve";

// The /api/v1 route modules behind one loopback HTTP server, matched by template as Next
// matches them (static segments before dynamic ones), with path params decoded. What
// tests of concurrency and outages drive: real sockets, the real pipeline, a real database.

type RouteModule = Record<string, unknown>;
type RouteHandler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;

function compile(template: string) {
  const names: string[] = [];
  const pattern = template.replace(/\[(\w+)\]/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { regex: new RegExp(`^${pattern.replace(/\./g, "\\.")}$`), names, dynamic: names.length };
}

export function routeHandler(modules: Record<string, RouteModule> = V1_ROUTES): (request: NextRequest) => Promise<Response> {
  const table = Object.entries(modules)
    .map(([template, mod]) => ({ ...compile(template), mod }))
    .sort((a, b) => a.dynamic - b.dynamic);
  const notFound = unknownApiPath();
  return async (request) => {
    const { pathname } = new URL(request.url);
    for (const route of table) {
      const match = route.regex.exec(pathname);
      if (!match) continue;
      const params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
      const handler = route.mod[request.method] as RouteHandler | undefined;
      if (!handler) break;
      return handler(request, { params: Promise.resolve(params) });
    }
    return notFound.GET(request);
  };
}

/** The v1 API on a loopback port. */
export function serveApi(): Promise<Served> {
  return serve(routeHandler());
}
