import { entry, item, plan } from "./fixtures.test-support.js";
import { planRefresh } from "./refresh.js";

describe("planRefresh", () => {
  const v1 = plan({ id: "pro-v1", planFamilyId: "pro", version: 1, status: "superseded" });
  const v2 = plan({ id: "pro-v2", planFamilyId: "pro", version: 2, priceCents: 5900 });
  const retired = plan({ id: "old", status: "retired" });
  const fine = plan({ id: "basic" });

  it("moves a line of a superseded plan to its replacement, removes a retired one, leaves the rest", () => {
    const catalog = new Map([["p", entry("p", [v1, v2, retired, fine])]]);
    const items = [
      item("a", { ...v1, productId: "p" }),
      item("b", { ...retired, productId: "p" }),
      item("c", { ...fine, productId: "p" }),
    ];
    const steps = planRefresh(items, catalog);
    expect(steps.map((s) => [s.kind, s.item.id])).toEqual([
      ["move", "a"],
      ["remove", "b"],
    ]);
    expect(steps[0]).toMatchObject({ to: { id: "pro-v2", priceCents: 5900 } });
  });

  it("merges into the line that already holds the replacement, capped at 100", () => {
    const catalog = new Map([["p", entry("p", [v1, v2])]]);
    const items = [item("new", { ...v2, productId: "p" }, 60), item("old", { ...v1, productId: "p" }, 50)];
    expect(planRefresh(items, catalog)).toEqual([
      expect.objectContaining({ kind: "merge", item: items[1], into: items[0], quantity: 100 }),
    ]);
  });

  it("removes every line of an unpublished product, superseded or not", () => {
    const catalog = new Map([["p", entry("p", [v1, v2], { status: "unpublished" })]]);
    const items = [item("a", { ...v1, productId: "p" }), item("b", { ...v2, productId: "p" })];
    expect(planRefresh(items, catalog).map((s) => [s.kind, s.item.id, s.kind === "remove" ? s.reason : null])).toEqual([
      ["remove", "a", "product-not-published"],
      ["remove", "b", "product-not-published"],
    ]);
  });
});
