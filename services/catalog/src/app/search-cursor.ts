/**
 * Search pages are cut by keyset (seek) pagination (the kit's keysetCursor): a cursor carries the
 * sort value and id of the last row returned, and the next page starts strictly after that row in
 * the sort order. A cursor is tied to its sort, and its key must be of the sort's kind.
 */
import { keysetCursor } from "@mkt/service-kit";
import { z } from "zod";

export const SEARCH_SORTS = ["relevance", "newest", "price-asc", "price-desc", "name"] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

/** The last row's key: `key` is the sort value (rank, ISO publication time, price in cents, name). */
export interface SearchCursor {
  sort: SearchSort;
  key: number | string;
  id: string;
}

const KEY_OF_SORT: Record<SearchSort, z.ZodType<number | string>> = {
  relevance: z.number(),
  newest: z.iso.datetime({ offset: true }),
  "price-asc": z.number().int(),
  "price-desc": z.number().int(),
  name: z.string(),
};

const cursorOfSort = (sort: SearchSort) =>
  keysetCursor(
    z
      .object({ s: z.literal(sort), k: KEY_OF_SORT[sort], i: z.guid() })
      .transform(({ s, k, i }): SearchCursor => ({ sort: s, key: k, id: i })),
    { toWire: ({ sort: s, key: k, id: i }) => ({ s: s as typeof sort, k, i }) },
  );

/** One codec per sort, built once (a search decodes and encodes a cursor on every page). */
const CURSORS = Object.fromEntries(SEARCH_SORTS.map((sort) => [sort, cursorOfSort(sort)])) as Record<
  SearchSort,
  ReturnType<typeof cursorOfSort>
>;

export function encodeSearchCursor(cursor: SearchCursor): string {
  return CURSORS[cursor.sort].encode(cursor);
}

/** The cursor; a ValidationError (400 on `query.cursor`) when it is not one this API returned for this sort. */
export function decodeSearchCursor(text: string, sort: SearchSort): SearchCursor {
  return CURSORS[sort].decode(text);
}
