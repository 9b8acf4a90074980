import { createLoader, parseAsString, type inferParserType } from "nuqs/server";

// The rate-limit lookup's subject (`?rlKind=&rl=`), so a lookup is a shareable link. Kept as
// given: rateLimitSubjectSchema judges it and the panel says what is wrong.
const systemParsers = { rlKind: parseAsString.withDefault("key"), rl: parseAsString };
export type SystemSearch = inferParserType<typeof systemParsers>;

export const loadSystemSearch = createLoader(systemParsers);
