import { findUnstorableText, textProblem } from "./text.js";

describe("text the marketplace can store", () => {
  it("accepts any well-formed text, accents, emoji and right-to-left scripts included", () => {
    for (const text of ["", "Nuage Souverain SAS", "Crème brûlée 🍮", "שלום", "line\nbreak\ttab"]) {
      expect(textProblem(text)).toBeUndefined();
    }
  });

  it("refuses a NUL character, which PostgreSQL cannot store", () => {
    expect(textProblem("Acme\u0000SAS")).toMatch(/NUL/);
  });

  it("refuses a lone surrogate, which is not a character", () => {
    expect(textProblem("Acme \ud800")).toMatch(/surrogate/);
    expect(textProblem("\udc00x")).toMatch(/surrogate/);
  });

  it("names every offending field of a nested value, keys included", () => {
    const body = {
      name: "ok",
      lines: [{ planId: "p\u0000" }, { note: "fine" }],
      address: { city: "Lyon\ud800" },
      ["bad\u0000key"]: 1,
    };
    expect(findUnstorableText(body).map((issue) => issue.path)).toEqual([
      "lines.0.planId",
      "address.city",
      "bad\\u0000key",
    ]);
    expect(findUnstorableText({ q: "\u0000" }, ["query"])).toEqual([
      { path: "query.q", message: "must not contain a NUL character (U+0000)" },
    ]);
  });

  it("leaves numbers, booleans, nulls and binary content alone", () => {
    expect(findUnstorableText({ n: 1, b: true, z: null, bytes: new Uint8Array([0, 0]) })).toEqual([]);
  });
});

describe("dates the business and PostgreSQL accept", () => {
  it("refuses year 0000 in a timestamp and dates outside 1900–2999", async () => {
    const { CalendarDate, Timestamp } = await import("./primitives.js");
    expect(Timestamp.safeParse("0000-01-01T00:00:00Z").success).toBe(false);
    expect(Timestamp.safeParse("2026-12-03T10:00:00Z").success).toBe(true);
    expect(CalendarDate.safeParse("0000-01-01").success).toBe(false);
    expect(CalendarDate.safeParse("1899-12-31").success).toBe(false);
    expect(CalendarDate.safeParse("3000-01-01").success).toBe(false);
    expect(CalendarDate.safeParse("1985-06-15").success).toBe(true);
  });
});
