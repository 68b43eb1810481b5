import { attachmentMediaType, decideDispute, decideOpening, type DisputeState } from "./dispute.js";
import type { Actor, OrderState } from "./order-state.js";

const buyer: Actor = { kind: "buyer", id: "buyer-1" };
const vendor: Actor = { kind: "vendor", id: "vendor-1" };
const operator: Actor = { kind: "operator", id: "operator-1" };
const eur = (amount: number) => ({ amount, currency: "EUR" });

describe("opening a dispute", () => {
  it("is possible on a transmitted, overdue, accepted or delivered order", () => {
    for (const state of ["transmitted", "overdue", "accepted", "delivered"] as OrderState[])
      expect(decideOpening(state, false)).toEqual({ kind: "allowed" });
  });

  it("is refused on a refused or cancelled order, saying its state", () => {
    for (const state of ["refused", "cancelled"] as OrderState[]) {
      const decision = decideOpening(state, false);
      expect(decision).toMatchObject({ kind: "refused", reason: "order-not-disputable" });
      if (decision.kind === "refused") expect(decision.detail).toContain(state);
    }
  });

  it("is refused while another dispute of the order is not resolved", () => {
    expect(decideOpening("delivered", true)).toMatchObject({ kind: "refused", reason: "already-open" });
  });
});

describe("the dispute state machine", () => {
  it("keeps the state when the buyer adds a message, open or answered", () => {
    for (const state of ["open", "answered"] as DisputeState[])
      expect(decideDispute(state, { kind: "add-message", actor: buyer })).toEqual({
        kind: "moved",
        to: state,
        entry: "message",
      });
  });

  it("moves to answered when the vendor responds, and lets it respond again", () => {
    expect(decideDispute("open", { kind: "respond", actor: vendor })).toMatchObject({ to: "answered" });
    expect(decideDispute("answered", { kind: "respond", actor: vendor })).toMatchObject({ to: "answered" });
  });

  it("refuses anything on a resolved dispute, resolving again included", () => {
    for (const command of [
      { kind: "add-message", actor: buyer },
      { kind: "respond", actor: vendor },
      { kind: "resolve", actor: operator, decision: { decision: "rejected", reason: "no" }, refundable: null },
    ] as const)
      expect(decideDispute("resolved", command)).toMatchObject({ kind: "refused", reason: "already-resolved" });
  });

  it("rejects with the operator's reason, without any refund", () => {
    expect(
      decideDispute("open", {
        kind: "resolve",
        actor: operator,
        decision: { decision: "rejected", reason: "delivered as described" },
        refundable: eur(12000),
      }),
    ).toEqual({
      kind: "moved",
      to: "resolved",
      entry: "resolved",
      resolution: { kind: "rejected", refund: null, reason: "delivered as described" },
    });
  });

  it("refunds in full what is still refundable", () => {
    expect(
      decideDispute("answered", {
        kind: "resolve",
        actor: operator,
        decision: { decision: "refund-in-full" },
        refundable: eur(9000),
      }),
    ).toMatchObject({ to: "resolved", resolution: { kind: "refunded-in-full", refund: eur(9000) } });
  });

  it("refunds in part an amount strictly between 0 and what is refundable, in its currency", () => {
    const resolve = (amount: { amount: number; currency: string }) =>
      decideDispute("open", {
        kind: "resolve",
        actor: operator,
        decision: { decision: "partial-refund", amount },
        refundable: eur(12000),
      });
    expect(resolve(eur(3000))).toMatchObject({ resolution: { kind: "partially-refunded", refund: eur(3000) } });
    expect(resolve(eur(11999))).toMatchObject({ kind: "moved" });
    for (const wrong of [eur(0), eur(-5), eur(12000), eur(12001), { amount: 3000, currency: "USD" }])
      expect(resolve(wrong)).toMatchObject({ kind: "refused", reason: "refund-amount-out-of-range" });
  });

  it("refuses to refund when nothing was captured or everything was refunded", () => {
    for (const refundable of [null, eur(0)]) {
      expect(
        decideDispute("open", {
          kind: "resolve",
          actor: operator,
          decision: { decision: "refund-in-full" },
          refundable,
        }),
      ).toMatchObject({ kind: "refused", reason: "nothing-to-refund" });
    }
  });
});

describe("an attachment's media type", () => {
  it("is read from its bytes: PDF, PNG, JPEG, nothing else", () => {
    expect(attachmentMediaType(new TextEncoder().encode("%PDF-1.7\n"))).toBe("application/pdf");
    expect(attachmentMediaType(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe("image/png");
    expect(attachmentMediaType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(attachmentMediaType(new TextEncoder().encode("GIF89a"))).toBeNull();
    expect(attachmentMediaType(new Uint8Array())).toBeNull();
  });
});
