import { z } from "zod";
import { ValidationError, createdAtIdCursor, keysetCursor, keysetPage } from "../src/index.js";

const id = "0193b1a2-7c4e-7d2a-9f10-3c4d5e6f7a8b";

describe("keyset cursors", () => {
  it("round-trip what they carry, opaque on the wire", () => {
    const cursor = { createdAt: new Date("2026-12-03T10:00:00.123Z"), id };
    const text = createdAtIdCursor.encode(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(createdAtIdCursor.decode(text)).toEqual(cursor);
  });

  it("refuse what this list did not return, naming query.cursor", () => {
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    for (const text of [
      "",
      "not a cursor",
      "e30",
      Buffer.from("{").toString("base64url"),
      forged(["yesterday", id]),
      forged(["2026-12-03T10:00:00Z", "x'; DROP TABLE orders; --"]),
      forged(["2026-12-03T10:00:00Z"]),
    ]) {
      let thrown: unknown;
      try {
        createdAtIdCursor.decode(text);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ValidationError);
      expect((thrown as ValidationError).errors?.map((issue) => issue.path)).toEqual(["query.cursor"]);
    }
  });

  it("tie a cursor to the sort it was made for", () => {
    const bySort = (sort: "newest" | "deadline") => keysetCursor(z.object({ s: z.literal(sort), i: z.guid() }));
    const text = bySort("newest").encode({ s: "newest", i: id });
    expect(bySort("newest").decode(text)).toEqual({ s: "newest", i: id });
    expect(() => bySort("deadline").decode(text)).toThrow(ValidationError);
  });

  it("cut a page from limit + 1 rows, with a cursor only when more rows follow", () => {
    const rows = [1, 2, 3].map((n) => ({ n }));
    expect(keysetPage(rows, 2, (last) => `after-${last.n}`)).toEqual({
      rows: [{ n: 1 }, { n: 2 }],
      nextCursor: "after-2",
    });
    expect(keysetPage(rows, 3, (last) => `after-${last.n}`)).toEqual({ rows, nextCursor: null });
    expect(keysetPage([], 3, () => "never")).toEqual({ rows: [], nextCursor: null });
  });
});
