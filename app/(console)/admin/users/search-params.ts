import { createLoader, parseAsString, parseAsStringLiteral, type SearchParams } from "nuqs/server";
import { createHref, type HrefValues } from "@/lib/search-params/href";
import { ignoredParams } from "@/lib/search-params/ignored";
import { parseAsSortDirection } from "@/lib/search-params/sort";
import { USER_SORTS, type UserSort } from "@/lib/users/dto";

// `?user=ID` (the audit trail links here) highlights that user's row; `sort=`/`order=` sort the
// table (by email, A→Z, when left out).
const usersParsers = {
  user: parseAsString,
  sort: parseAsStringLiteral(Object.keys(USER_SORTS) as UserSort[]).withDefault("email"),
  order: parseAsSortDirection,
};
export const loadUsersSearch = createLoader(usersParsers);
export const ignoredUsersParams = (raw: SearchParams) => ignoredParams(raw, { sort: usersParsers.sort, order: usersParsers.order });

const usersUrl = createHref(usersParsers);
export const usersHref = (values: HrefValues<typeof usersParsers>) => usersUrl("/admin/users", values);
