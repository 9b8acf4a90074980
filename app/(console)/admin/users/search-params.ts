import { createLoader, parseAsString } from "nuqs/server";

// `?user=ID` (the audit trail links here) highlights that user's row.
export const loadUsersSearch = createLoader({ user: parseAsString });
