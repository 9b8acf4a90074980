import { z } from "zod";

// How every DTO shows a timestamptz: ISO 8601 with its offset, as Date#toISOString writes it
// (always Z). One schema, so the API's response bodies and the types built from them agree.
export const isoTimestamp = z.iso.datetime({ offset: true });
export const nullableIsoTimestamp = isoTimestamp.nullable();
