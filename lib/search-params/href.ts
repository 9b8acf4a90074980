import { createSerializer, type CreateSerializerOptions, type inferParserType, type Nullable, type ParserMap } from "nuqs/server";

// Links are built from a page's nuqs parsers. nuqs writes a query string for reading (`/`,
// `:` and `,` left as they are); we render it as URLSearchParams does, so every link stays
// byte for byte the URL it always was: shared links, bookmarks and the e2e specs pin `%2F`.

export type HrefValues<P extends ParserMap> = Partial<Nullable<inferParserType<P>>>;

/** `(pathname, values) => href`; a null value, or a default (unless `clearOnDefault: false`), is left out. */
export function createHref<P extends ParserMap>(parsers: P, options?: CreateSerializerOptions<P>) {
  const serialize = createSerializer(parsers, options);
  return (pathname: string, values: HrefValues<P>): string => {
    const query = new URLSearchParams(serialize(values)).toString();
    return query ? `${pathname}?${query}` : pathname;
  };
}
