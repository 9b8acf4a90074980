import { createLoader, createParser, parseAsString } from "nuqs/server";
import { safeCallbackUrl } from "@/lib/auth/callback-url";

// Where to go after signing in (only a same-origin path, else "/"), and next-auth's error code.
export const loadLoginSearch = createLoader({
  callbackUrl: createParser({ parse: safeCallbackUrl, serialize: String }).withDefault("/"),
  error: parseAsString,
});
