"use server";

import { defineAction } from "@/lib/actions/define";
import { paletteQuerySchema, searchPalette } from "@/lib/search/palette";

// Console-wide actions (any page): the command palette's search. A read: it changes nothing.

export const searchPaletteAction = defineAction({ name: "palette.search", input: paletteQuerySchema, scope: "projects:read" }, (ctx, input) => searchPalette(ctx, input));
