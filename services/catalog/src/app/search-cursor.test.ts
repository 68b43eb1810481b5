import { ValidationError } from "@mkt/service-kit";
import { decodeSearchCursor, encodeSearchCursor } from "./search-cursor.js";

const id = "0193b1a2-7c4e-7d2a-9f10-3c4d5e6f7a8b";

describe("search cursors", () => {
  it("round-trips the last row's sort value and id for every sort", () => {
    const cursors = [
      { sort: "relevance" as const, key: 0.6079271, id },
      { sort: "newest" as const, key: "2026-11-24T10:00:00.123Z", id },
      { sort: "price-asc" as const, key: 4900, id },
      { sort: "price-desc" as const, key: 100, id },
      { sort: "name" as const, key: "Clair & Net — CRM", id },
    ];
    for (const cursor of cursors) {
      const text = encodeSearchCursor(cursor);
      expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeSearchCursor(text, cursor.sort)).toEqual(cursor);
    }
  });
  it("rejects what is not a cursor", () => {
    for (const text of [
      "",
      "not a cursor",
      "e30",
      Buffer.from("[1,2]").toString("base64url"),
      Buffer.from("{").toString("base64url"),
    ]) {
      expect(() => decodeSearchCursor(text, "newest")).toThrow(ValidationError);
    }
  });
  it("rejects a cursor of another sort or with a key of the wrong kind", () => {
    expect(() => decodeSearchCursor(encodeSearchCursor({ sort: "name", key: "a", id }), "newest")).toThrow(
      ValidationError,
    );
    expect(() =>
      decodeSearchCursor(
        Buffer.from(JSON.stringify({ s: "price-asc", k: "12", i: id })).toString("base64url"),
        "price-asc",
      ),
    ).toThrow(ValidationError);
    expect(() =>
      decodeSearchCursor(
        Buffer.from(JSON.stringify({ s: "newest", k: "yesterday", i: id })).toString("base64url"),
        "newest",
      ),
    ).toThrow(ValidationError);
    expect(() =>
      decodeSearchCursor(
        Buffer.from(JSON.stringify({ s: "newest", k: "2026-01-01T00:00:00Z", i: "x" })).toString("base64url"),
        "newest",
      ),
    ).toThrow(ValidationError);
  });
});
