import { unknownApiPath } from "@/lib/http/methods";

// Any /api/… path no route file serves: a problem+json 404 (with X-Request-Id) rather than
// the console's HTML 404 page, whatever the method.
export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = unknownApiPath();
