/**
 * Keyset (seek) pagination cursors, the one way every list of the marketplace pages. A cursor
 * carries the sort values and the id of the last row shown, and the next page starts strictly
 * after that row: unlike OFFSET, a row added meanwhile never shifts a page, and a deep page costs
 * what the first one costs. On the wire a cursor is opaque (base64url of JSON); what comes back is
 * checked against the cursor's schema, so a forged or foreign cursor is a 400 naming
 * `query.cursor`, never a query with a wrong value in it.
 */
import { z } from "zod";
import { ValidationError } from "./problems.js";

export interface KeysetCursor<T> {
  encode(value: T): string;
  /** The cursor's value; throws a ValidationError (400) when the text is not a cursor of this list. */
  decode(text: string): T;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * A cursor codec for one list. `schema` describes what the cursor holds after decoding (use
 * `z.literal(sort)` in it to tie a cursor to the sort it was made for); `toWire` turns the value
 * into JSON-friendly data when it holds what JSON cannot (a Date).
 */
export function keysetCursor<S extends z.ZodType>(
  schema: S,
  options: { toWire?: (value: z.output<S>) => z.input<S>; path?: string } = {},
): KeysetCursor<z.output<S>> {
  const path = options.path ?? "query.cursor";
  const refuse = () => new ValidationError([{ path, message: "is not a cursor this list returned (for this sort)" }]);
  return {
    encode(value) {
      const wire = options.toWire ? options.toWire(value) : value;
      return Buffer.from(JSON.stringify(wire), "utf8").toString("base64url");
    },
    decode(text) {
      if (!BASE64URL.test(text)) throw refuse();
      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
      } catch {
        throw refuse();
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) throw refuse();
      return parsed.data;
    },
  };
}

/** The cursor most lists use: newest first by creation time, the id breaking ties. */
export const createdAtIdCursor = keysetCursor(
  z
    .tuple([z.iso.datetime({ offset: true }).transform((at) => new Date(at)), z.guid()])
    .transform(([createdAt, id]) => ({
      createdAt,
      id,
    })),
  { toWire: ({ createdAt, id }): [string, string] => [createdAt.toISOString(), id] },
);

/**
 * Cuts a page out of rows fetched with `take: limit + 1`: the extra row only says a next page
 * exists, and the cursor is made from the last row shown.
 */
export function keysetPage<Row>(
  rows: Row[],
  limit: number,
  cursorOf: (last: Row) => string,
): { rows: Row[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}
