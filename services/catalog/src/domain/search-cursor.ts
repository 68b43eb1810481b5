/**
 * Search pages are cut by keyset (seek) pagination: a cursor carries the sort values and id of
 * the last row returned, and the next page starts strictly after that row in the sort order.
 * Unlike OFFSET, a product published meanwhile never shifts a page (no duplicate, no gap), and a
 * deep page costs what the first one costs. On the wire the cursor is opaque: base64url of JSON.
 */
export const SEARCH_SORTS = ["relevance", "newest", "price-asc", "price-desc", "name"] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

/** The last row's key: `key` is the sort value (rank, ISO publication time, price in cents, name). */
export interface SearchCursor {
  sort: SearchSort;
  key: number | string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeSearchCursor(cursor: SearchCursor): string {
  return Buffer.from(JSON.stringify({ s: cursor.sort, k: cursor.key, i: cursor.id }), "utf8").toString("base64url");
}

/** The cursor, or null when it is not one this API returned for this sort. */
export function decodeSearchCursor(text: string, sort: SearchSort): SearchCursor | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const { s, k, i } = value as Record<string, unknown>;
  if (s !== sort || typeof i !== "string" || !UUID.test(i)) return null;
  const keyIsValid =
    sort === "newest"
      ? typeof k === "string" && !Number.isNaN(Date.parse(k))
      : sort === "name"
        ? typeof k === "string"
        : sort === "relevance"
          ? typeof k === "number" && Number.isFinite(k)
          : typeof k === "number" && Number.isInteger(k);
  return keyIsValid ? { sort, key: k as number | string, id: i } : null;
}
