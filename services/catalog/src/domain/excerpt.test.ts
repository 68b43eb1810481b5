import { excerptOf } from "./excerpt.js";

describe("an excerpt", () => {
  it("is the description as plain text, without markdown", () => {
    const markdown =
      "# Facturation\n\nLa **facturation** _simple_ pour les [PME](https://x.example).\n\n- Devis\n- `API` REST\n\n> Hébergé à Paris";
    expect(excerptOf(markdown)).toBe("Facturation La facturation simple pour les PME. Devis API REST Hébergé à Paris");
  });
  it("keeps snake_case words and drops images and html", () => {
    expect(excerptOf("Use the `rate_limit` option ![logo](l.png) <br/> now")).toBe(
      "Use the rate_limit option logo now",
    );
  });
  it("cuts a long description at a word boundary with an ellipsis", () => {
    const long = "mot ".repeat(100);
    const excerpt = excerptOf(long, 50);
    expect(excerpt.length).toBeLessThanOrEqual(51);
    expect(excerpt.endsWith("mot…")).toBe(true);
  });
  it("leaves a short description whole", () => {
    expect(excerptOf("Short.", 50)).toBe("Short.");
  });
});
