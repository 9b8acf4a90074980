import { createLoader, parseAsString } from "nuqs/server";

// `?key=ID` (the audit trail links here) highlights that key's row.
export const loadApiKeysSearch = createLoader({ key: parseAsString });
