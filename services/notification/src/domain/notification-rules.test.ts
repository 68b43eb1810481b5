import { buyerRecipient, notificationsFor, vendorRecipientKey } from "./notification-rules.js";
import { messageIdFor } from "./message-id.js";

const vendorId = "0193b1a2-7c4e-7d2a-9f10-3c4d5e6f7a8b";
const publicContact = { email: "ventes@nuage.example", phone: "+33 1 84 00 00 00", supportUrl: "https://support.nuage.example" };

describe("the notification rules", () => {
  it("tell an applicant that its application was received, at the contact it gave", () => {
    const [intent, ...others] = notificationsFor({
      type: "vendor.application-submitted",
      data: { vendorId, legalName: "Nuage Souverain SAS", publicContact, submittedAt: "2026-11-24T10:00:00.000Z" },
    });
    expect(others).toEqual([]);
    expect(intent).toEqual({
      recipient: { key: `vendor:${vendorId}`, kind: "vendor", email: "ventes@nuage.example", name: "Nuage Souverain SAS", asOf: "2026-11-24T10:00:00.000Z" },
      channel: "email",
      content: { template: "vendor-application-received", facts: { legalName: "Nuage Souverain SAS", contact: publicContact, submittedAt: "2026-11-24T10:00:00.000Z" } },
    });
  });

  it("tell an approved vendor, keyed like its application so both land in one history", () => {
    const [intent] = notificationsFor({
      type: "vendor.approved",
      data: { vendorId, legalName: "Nuage Souverain SAS", publicContact, approvedAt: "2026-11-25T09:00:00.000Z" },
    });
    expect(intent!.recipient.key).toBe(vendorRecipientKey(vendorId));
    expect(intent!.content).toEqual({ template: "vendor-approved", facts: { legalName: "Nuage Souverain SAS", contact: publicContact, approvedAt: "2026-11-25T09:00:00.000Z" } });
  });
});

describe("the notification rules for buyers", () => {
  const buyerId = "0193b1a2-7c4e-7d2a-9f10-3c4d5e6f7a8c";

  it("welcome a buyer who signed up, at its address and in the language it chose", () => {
    const [intent, ...others] = notificationsFor({
      type: "buyer.registered",
      data: { buyerId, kind: "individual", name: "Camille Martin", email: "camille@example.org", locale: "en", registeredAt: "2026-11-24T10:00:00.000Z" },
    });
    expect(others).toEqual([]);
    expect(intent).toEqual({
      recipient: { key: `buyer:${buyerId}`, kind: "buyer", email: "camille@example.org", name: "Camille Martin", locale: "en", asOf: "2026-11-24T10:00:00.000Z" },
      channel: "email",
      content: { template: "buyer-welcome", facts: { name: "Camille Martin", kind: "individual", email: "camille@example.org" } },
    });
  });

  it("name a company buyer by its legal name, and keep a profile update's address and language", () => {
    const data = { buyerId, kind: "company" as const, legalName: "Nuage SAS", registrationNumber: "123456789", email: "achats@nuage.example", locale: "fr" as const, updatedAt: "2026-11-25T10:00:00.000Z" };
    expect(buyerRecipient(data, "2026-11-25T10:00:00.000Z")).toEqual({
      key: `buyer:${buyerId}`,
      kind: "buyer",
      email: "achats@nuage.example",
      name: "Nuage SAS",
      locale: "fr",
      asOf: "2026-11-25T10:00:00.000Z",
    });
  });
});

describe("a notification's Message-ID", () => {
  it("is derived from its id and the sender's domain, the same on every attempt", () => {
    expect(messageIdFor("0193b1a2-0000-7000-8000-000000000001", "Marketplace <no-reply@marketplace.localhost>")).toBe("<0193b1a2-0000-7000-8000-000000000001@marketplace.localhost>");
    expect(messageIdFor("n1", "no-reply@mail.example.com")).toBe("<n1@mail.example.com>");
  });
});
