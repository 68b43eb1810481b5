import { REVERSE_CHARGE_MENTION } from "@mkt/pricing";
import { cartView } from "./cart-view.js";
import { decideCheckout } from "./checkout-drafts.js";
import { entry, frenchCompany, germanCompany, item, plan } from "./fixtures.test-support.js";

const eur = (amount: number) => ({ amount, currency: "EUR" });

function twoVendorCart(buyer = frenchCompany) {
  const a = plan({ id: "a-pro", priceCents: 4900 });
  const b = plan({ id: "b-team", priceCents: 1999 });
  const catalog = new Map([
    ["pa", entry("pa", [a])],
    ["pb", entry("pb", [b])],
  ]);
  const items = [item("i1", { ...a, productId: "pa" }, 2), item("i2", { ...b, productId: "pb" }, 3)];
  return { buyerId: buyer.id, items, catalog, buyer, pendingCheckoutId: null };
}

describe("decideCheckout", () => {
  it("makes one draft per vendor, in the cart's order, with French VAT for a French company", () => {
    let n = 0;
    const decision = decideCheckout(twoVendorCart(), () => `order-${++n}`);
    if (decision.kind !== "ready") throw new Error(decision.kind);
    const { orders, totals, buyer, itemIds } = decision.plan;
    expect(orders.map((o) => [o.orderId, o.vendor.vendorId, o.lines.map((l) => l.lineId)])).toEqual([
      ["order-1", "vendor-of-pa", ["i1"]],
      ["order-2", "vendor-of-pb", ["i2"]],
    ]);
    expect(orders[0]!.totals).toEqual({ subtotal: eur(9800), vat: eur(1960), total: eur(11760), fee: eur(353) }); // 352.8 → 353
    expect(orders[1]!.totals).toEqual({ subtotal: eur(5997), vat: eur(1199), total: eur(7196), fee: eur(216) }); // 1199.4 → 1199; 215.88 → 216
    expect(totals).toEqual({ subtotal: eur(15797), vat: eur(3159), total: eur(18956), fee: eur(569) });
    expect(buyer).toMatchObject({ buyerId: "buyer-1", kind: "company", country: "FR", vatNumber: "FR40303265045" });
    expect(itemIds).toEqual(["i1", "i2"]);
    expect(orders[0]!.vendor).toEqual({
      vendorId: "vendor-of-pa",
      legalName: "Vendor of pa",
      publicContact: { email: "sales@vendor.example", phone: "+33 1 00 00 00 00" },
      registrationNumber: null,
      vatNumber: null,
      registeredAddress: null,
    });
  });

  it("reverse-charges a German company with a German VAT number", () => {
    const decision = decideCheckout(twoVendorCart(germanCompany), () => "o");
    if (decision.kind !== "ready") throw new Error(decision.kind);
    expect(decision.plan.orders[0]!.vatTreatment).toEqual({
      kind: "reverse-charge",
      rateBasisPoints: 0,
      mention: REVERSE_CHARGE_MENTION,
    });
    expect(decision.plan.totals).toEqual({ subtotal: eur(15797), vat: eur(0), total: eur(15797), fee: eur(474) }); // 473.91 → 474
    expect(decision.plan.buyer.country).toBe("DE");
  });

  it("refuses an empty cart, unavailable lines (one issue per line) and an unknown buyer", () => {
    expect(decideCheckout({ ...twoVendorCart(), items: [] }, () => "o")).toEqual({ kind: "empty" });
    const state = twoVendorCart();
    const gone = new Map(state.catalog);
    gone.set("pb", entry("pb", [plan({ id: "b-team", priceCents: 1999, status: "retired" })]));
    const refused = decideCheckout({ ...state, catalog: gone }, () => "o");
    expect(refused).toEqual({
      kind: "lines-unavailable",
      errors: [{ path: "items.i2", message: expect.stringContaining("no longer sold") }],
    });
    expect(decideCheckout({ ...state, buyer: null }, () => "o")).toEqual({ kind: "buyer-unknown" });
  });
});

describe("cartView", () => {
  it("groups available lines by vendor with their VAT and totals, and leaves unavailable lines out of the totals", () => {
    const state = twoVendorCart();
    const catalog = new Map(state.catalog);
    catalog.set("pb", entry("pb", [plan({ id: "b-team", priceCents: 1999 })], { status: "unlisted" }));
    const cart = cartView({ ...state, catalog });
    expect(cart.lines.map((l) => [l.id, l.availability.status, l.amount.amount])).toEqual([
      ["i1", "available", 9800],
      ["i2", "unavailable", 5997],
    ]);
    expect(cart.vendors).toEqual([
      {
        vendor: { id: "vendor-of-pa", legalName: "Vendor of pa" },
        itemIds: ["i1"],
        vatTreatment: { kind: "standard", rateBasisPoints: 2000, mention: null },
        totals: { subtotal: eur(9800), vat: eur(1960), total: eur(11760) },
      },
    ]);
    expect(cart.totals).toEqual({ subtotal: eur(9800), vat: eur(1960), total: eur(11760) });
  });

  it("shows an empty cart in euros with zero totals", () => {
    expect(cartView({ buyerId: "b", items: [], catalog: new Map(), buyer: null, pendingCheckoutId: null })).toEqual({
      buyerId: "b",
      currency: "EUR",
      lines: [],
      vendors: [],
      totals: { subtotal: eur(0), vat: eur(0), total: eur(0) },
      pendingCheckoutId: null,
    });
  });
});
