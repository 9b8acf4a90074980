import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { signInThrottle } from "@/lib/auth/throttle";
import { methodsNotAllowed } from "@/lib/http/methods";

type Context = { params: Promise<{ nextauth: string[] }> };

function handler(request: Request, context: Context) {
  return NextAuth(authOptions())(request, context);
}

export async function GET(request: Request, context: Context) {
  return handler(request, context);
}

export async function POST(request: Request, context: Context) {
  const refused = await signInThrottle(request);
  return refused ?? handler(request, context);
}

// Every other method: 405 problem+json with Allow (lib/http/methods.ts).
export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("/api/auth/[...nextauth]", { GET, POST });
