import { events, parseEvent } from "../../registry.js";
import { VendorBankDetailsVerifiedV1 } from "./vendor-bank-details-verified.v1.js";

const data = {
  vendorId: "v_1",
  legalName: "Nuage Souverain SAS",
  publicContact: { email: "ventes@nuage.example", phone: "+33 1 84 00 00 00" },
  bankAccount: { iban: "FR7630006000011234567890189", holderName: "Nuage Souverain SAS", ibanLast4: "0189" },
  verifiedAt: "2026-11-25T09:00:00.000Z",
};
const envelope = (payload: unknown) =>
  JSON.stringify({
    id: "0193b1a2-7c4e-7d2a-9f10-3c4d5e6f7a8b",
    type: "vendor.bank-details-verified",
    version: 1,
    occurredAt: "2026-11-25T09:00:00.000Z",
    producer: "vendor-kyc",
    correlationId: "req-1",
    causationId: null,
    data: payload,
  });

describe("vendor.bank-details-verified", () => {
  it("says whether it is the approval's first verification or the re-verification of a change", () => {
    for (const reason of ["approval", "bank-details-change"] as const) {
      const parsed = parseEvent(events, envelope({ ...data, reason }));
      expect(parsed.ok && parsed.envelope.data).toMatchObject({ reason });
    }
  });

  it("still reads an event published before the reason existed, without one (rule 1: same version)", () => {
    const parsed = parseEvent(events, envelope(data));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.definition).toBe(VendorBankDetailsVerifiedV1);
      expect(parsed.envelope.data).not.toHaveProperty("reason");
    }
  });

  it("refuses a reason it does not know, naming the field", () => {
    const parsed = parseEvent(events, envelope({ ...data, reason: "manual" }));
    expect(parsed).toMatchObject({ ok: false, reason: "invalid-data" });
    if (!parsed.ok) expect(parsed.issues.map((issue) => issue.path)).toContain("data.reason");
  });
});
