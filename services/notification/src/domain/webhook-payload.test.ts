import { webhookBody, webhookData } from "./webhook-payload.js";

const vendorId = "0193b1a2-7c4e-7d2a-9f10-3c4d5e6f7a8b";
const envelope = {
  id: "0193b1a2-0000-7000-8000-000000000001",
  type: "vendor.bank-details-changed",
  version: 1,
  occurredAt: "2026-11-25T09:00:00.000Z",
};

describe("a webhook's body", () => {
  it("carries the event's data as the contract says", () => {
    const data = {
      vendorId,
      legalName: "Nuage SAS",
      publicContact: { email: "ventes@nuage.example", phone: "+33 1 84 00 00 00" },
      approvedAt: "2026-11-25T09:00:00.000Z",
    };
    expect(webhookBody({ ...envelope, type: "vendor.approved", data })).toEqual({
      ...envelope,
      type: "vendor.approved",
      data,
    });
  });

  it("never carries the full IBAN: a bank account goes out as its holder and the IBAN's last 4 characters", () => {
    const data = {
      vendorId,
      bankAccount: { iban: "FR7630006000011234567890189", holderName: "Nuage SAS", ibanLast4: "0189" },
      changedAt: "2026-11-25T09:00:00.000Z",
    };
    const body = webhookBody({ ...envelope, data });
    expect(body.data).toEqual({
      vendorId,
      bankAccount: { holderName: "Nuage SAS", ibanLast4: "0189" },
      changedAt: "2026-11-25T09:00:00.000Z",
    });
    expect(JSON.stringify(body)).not.toContain("FR7630006000011234567890189");
    expect(data.bankAccount.iban).toBe("FR7630006000011234567890189");
  });

  it("leaves data without a bank account untouched", () => {
    expect(webhookData(null)).toBeNull();
    expect(webhookData({ vendorId })).toEqual({ vendorId });
  });
});
