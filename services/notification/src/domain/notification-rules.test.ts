import { buyerRecipient, notificationsFor, vendorRecipient, vendorRecipientKey } from "./notification-rules.js";
import { messageIdFor } from "./message-id.js";
import { exampleOrder } from "../../test/support/orders.js";
import { exampleSubscription, exampleYearlySubscription, periodTotals } from "../../test/support/subscriptions.js";

const vendorId = "0193b1a2-7c4e-7d2a-9f10-3c4d5e6f7a8b";
const publicContact = {
  email: "ventes@nuage.example",
  phone: "+33 1 84 00 00 00",
  supportUrl: "https://support.nuage.example",
};

describe("the notification rules", () => {
  it("tell an applicant that its application was submitted for review, at the contact it gave", () => {
    const [intent, ...others] = notificationsFor({
      type: "vendor.application-submitted",
      data: { vendorId, legalName: "Nuage Souverain SAS", publicContact, submittedAt: "2026-11-24T10:00:00.000Z" },
    });
    expect(others).toEqual([]);
    expect(intent).toEqual({
      recipient: {
        key: `vendor:${vendorId}`,
        kind: "vendor",
        email: "ventes@nuage.example",
        name: "Nuage Souverain SAS",
        asOf: "2026-11-24T10:00:00.000Z",
      },
      channel: "email",
      content: {
        template: "vendor-application-received",
        facts: { legalName: "Nuage Souverain SAS", contact: publicContact, submittedAt: "2026-11-24T10:00:00.000Z" },
      },
    });
  });

  it("tell an approved vendor, keyed like its application so both land in one history", () => {
    const [intent] = notificationsFor({
      type: "vendor.approved",
      data: { vendorId, legalName: "Nuage Souverain SAS", publicContact, approvedAt: "2026-11-25T09:00:00.000Z" },
    });
    expect(intent!.recipient.key).toBe(vendorRecipientKey(vendorId));
    expect(intent!.content).toEqual({
      template: "vendor-approved",
      facts: { legalName: "Nuage Souverain SAS", contact: publicContact, approvedAt: "2026-11-25T09:00:00.000Z" },
    });
  });
});

describe("the notification rules for a vendor's KYC outcomes", () => {
  const vendor = { vendorId, legalName: "Nuage Souverain SAS", publicContact };
  const bankAccount = { iban: "FR7630006000011234567890189", holderName: "Nuage Souverain SAS", ibanLast4: "0189" };
  const recipient = {
    key: `vendor:${vendorId}`,
    kind: "vendor",
    email: "ventes@nuage.example",
    name: "Nuage Souverain SAS",
    asOf: "2026-11-25T09:00:00.000Z",
  };

  it("tell a rejected applicant the operator's reason", () => {
    expect(
      notificationsFor({
        type: "vendor.rejected",
        data: { ...vendor, reason: "Kbis illisible", rejectedAt: "2026-11-25T09:00:00.000Z" },
      }),
    ).toEqual([
      {
        recipient,
        channel: "email",
        content: {
          template: "vendor-rejected",
          facts: { legalName: "Nuage Souverain SAS", reason: "Kbis illisible", rejectedAt: "2026-11-25T09:00:00.000Z" },
        },
      },
    ]);
  });

  it("tell an applicant what the operator asks for, with the contact it gave", () => {
    const [intent, ...others] = notificationsFor({
      type: "vendor.information-requested",
      data: { ...vendor, message: "Statuts signés ?", requestedAt: "2026-11-25T09:00:00.000Z" },
    });
    expect(others).toEqual([]);
    expect(intent).toEqual({
      recipient,
      channel: "email",
      content: {
        template: "vendor-information-requested",
        facts: {
          legalName: "Nuage Souverain SAS",
          contact: publicContact,
          message: "Statuts signés ?",
          requestedAt: "2026-11-25T09:00:00.000Z",
        },
      },
    });
  });

  it("tell a vendor its bank details changed, with the last 4 characters of the IBAN and never the IBAN", () => {
    const intents = notificationsFor({
      type: "vendor.bank-details-changed",
      data: { ...vendor, bankAccount, changedAt: "2026-11-25T09:00:00.000Z" },
    });
    expect(intents).toEqual([
      {
        recipient,
        channel: "email",
        content: {
          template: "vendor-bank-details-changed",
          facts: {
            legalName: "Nuage Souverain SAS",
            holderName: "Nuage Souverain SAS",
            ibanLast4: "0189",
            changedAt: "2026-11-25T09:00:00.000Z",
          },
        },
      },
    ]);
    expect(JSON.stringify(intents)).not.toContain(bankAccount.iban);
  });

  it("tell a vendor its bank details were verified only when the verification lifts a hold, not at approval", () => {
    const data = { ...vendor, bankAccount, verifiedAt: "2026-11-25T09:00:00.000Z" };
    const verified = (reason?: "approval" | "bank-details-change") =>
      notificationsFor({ type: "vendor.bank-details-verified", data: reason ? { ...data, reason } : data });
    expect(verified("approval")).toEqual([]);
    // Published before the event said why: the approval's, as the contract reads an absent reason.
    expect(verified()).toEqual([]);
    const lifted = verified("bank-details-change");
    expect(lifted).toEqual([
      {
        recipient,
        channel: "email",
        content: {
          template: "vendor-bank-details-verified",
          facts: {
            legalName: "Nuage Souverain SAS",
            holderName: "Nuage Souverain SAS",
            ibanLast4: "0189",
            verifiedAt: "2026-11-25T09:00:00.000Z",
          },
        },
      },
    ]);
    expect(JSON.stringify(lifted)).not.toContain(bankAccount.iban);
  });

  it("key a vendor's contact update like its emails, at the address and name it now gives", () => {
    expect(
      vendorRecipient(
        { ...vendor, publicContact: { ...publicContact, email: "contact@nuage.example" } },
        "2026-11-26T09:00:00.000Z",
      ),
    ).toEqual({
      ...recipient,
      email: "contact@nuage.example",
      asOf: "2026-11-26T09:00:00.000Z",
    });
  });
});

describe("the notification rules for buyers", () => {
  const buyerId = "0193b1a2-7c4e-7d2a-9f10-3c4d5e6f7a8c";

  it("welcome a buyer who signed up, at its address and in the language it chose", () => {
    const [intent, ...others] = notificationsFor({
      type: "buyer.registered",
      data: {
        buyerId,
        kind: "individual",
        name: "Camille Martin",
        email: "camille@example.org",
        locale: "en",
        registeredAt: "2026-11-24T10:00:00.000Z",
      },
    });
    expect(others).toEqual([]);
    expect(intent).toEqual({
      recipient: {
        key: `buyer:${buyerId}`,
        kind: "buyer",
        email: "camille@example.org",
        name: "Camille Martin",
        locale: "en",
        asOf: "2026-11-24T10:00:00.000Z",
      },
      channel: "email",
      content: {
        template: "buyer-welcome",
        facts: { name: "Camille Martin", kind: "individual", email: "camille@example.org" },
      },
    });
  });

  it("name a company buyer by its legal name, and keep a profile update's address and language", () => {
    const data = {
      buyerId,
      kind: "company" as const,
      legalName: "Nuage SAS",
      registrationNumber: "123456789",
      email: "achats@nuage.example",
      locale: "fr" as const,
      updatedAt: "2026-11-25T10:00:00.000Z",
    };
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
    expect(messageIdFor("0193b1a2-0000-7000-8000-000000000001", "Marketplace <no-reply@marketplace.localhost>")).toBe(
      "<0193b1a2-0000-7000-8000-000000000001@marketplace.localhost>",
    );
    expect(messageIdFor("n1", "no-reply@mail.example.com")).toBe("<n1@mail.example.com>");
  });
});

describe("the notification rules for orders", () => {
  // The example order of the template tests: buyer buy-1 (fr), vendor ven-1, transmitted 2026-11-24T14:30Z.
  const order = exampleOrder;
  const buyer = {
    key: "buyer:buy-1",
    kind: "buyer",
    email: "achats@acme.example",
    name: "Acme Industries",
    locale: "fr",
    asOf: order.transmittedAt,
  };
  const vendor = {
    key: "vendor:ven-1",
    kind: "vendor",
    email: "ventes@nuage.example",
    name: "Nuage & Fils <SAS>",
    asOf: order.transmittedAt,
  };

  it("confirm a transmitted order to its buyer and send it to its vendor to validate, each once", () => {
    const intents = notificationsFor({ type: "order.transmitted", data: { order, purchaseOrderNumber: "PO-1" } });
    expect(intents.map((intent) => [intent.recipient, intent.content.template])).toEqual([
      [buyer, "order-confirmation"],
      [vendor, "vendor-order-received"],
    ]);
  });

  it("date the buyer and vendor as the checkout froze them (transmission), so a later profile change wins", () => {
    const [intent] = notificationsFor({
      type: "order.accepted",
      data: { order, by: { kind: "vendor", id: "ven-1" }, late: false, acceptedAt: "2026-11-25T09:00:00.000Z" },
    });
    expect(intent!.recipient).toEqual(buyer);
  });

  it("tell the buyer and the operators' mailbox of an overdue order", () => {
    const intents = notificationsFor({
      type: "order.overdue",
      data: { order, overdueAt: order.validationDueAt },
      operationsEmail: "ops@marketplace.example",
    });
    expect(intents.map((intent) => [intent.recipient.key, intent.recipient.email, intent.content.template])).toEqual([
      ["buyer:buy-1", "achats@acme.example", "order-overdue"],
      ["operator:operations", "ops@marketplace.example", "operations-order-overdue"],
    ]);
  });

  it("tell only the vendor of a reminder, and only the buyer of an acceptance, refusal, cancellation or delivery", () => {
    const by = { kind: "vendor" as const, id: "ven-1" };
    const at = "2026-11-25T09:00:00.000Z";
    const cases = [
      notificationsFor({ type: "order.validation-reminder", data: { order, remindedAt: at } }),
      notificationsFor({ type: "order.accepted", data: { order, by, late: true, acceptedAt: at } }),
      notificationsFor({ type: "order.refused", data: { order, by, reason: "no", refusedAt: at } }),
      notificationsFor({
        type: "order.cancelled",
        data: { order, by: { kind: "buyer", id: "buy-1" }, reason: "buyer-cancelled-overdue", cancelledAt: at },
      }),
      notificationsFor({
        type: "order.delivered",
        data: {
          order,
          delivery: { accessUrl: "https://x.example", instructions: "go" },
          invoiceNumber: "I-1",
          deliveredAt: at,
        },
      }),
    ];
    expect(
      cases.map((intents) => intents.map((intent) => `${intent.recipient.key} ${intent.content.template}`)),
    ).toEqual([
      ["vendor:ven-1 vendor-order-reminder"],
      ["buyer:buy-1 order-accepted"],
      ["buyer:buy-1 order-refused"],
      ["buyer:buy-1 order-cancelled"],
      ["buyer:buy-1 order-delivered"],
    ]);
  });
});

describe("a withdrawal", () => {
  it("confirms it to the buyer with its refund and tells the vendor", () => {
    const intents = notificationsFor({
      type: "order.withdrawn",
      data: {
        order: exampleOrder,
        by: { kind: "buyer", id: "buy-1" },
        money: "refund-in-full",
        refund: exampleOrder.totals.total,
        lastDay: "2026-12-08",
        withdrawnAt: "2026-11-30T10:00:00.000Z",
      },
    });
    expect(intents.map((intent) => `${intent.recipient.key} ${intent.content.template}`)).toEqual([
      "buyer:buy-1 order-withdrawn",
      "vendor:ven-1 vendor-order-withdrawn",
    ]);
    expect(intents[0]!.content.facts).toMatchObject({ refund: exampleOrder.totals.total, money: "refund-in-full" });
  });
});

describe("the notification rules for subscriptions", () => {
  const subscription = exampleSubscription;
  const period = { number: 1, startsOn: "2026-12-24", endsBefore: "2027-01-24" };
  const by = { kind: "buyer" as const, id: "buy-1" };
  const at = "2026-12-24T09:00:00.000Z";
  const sent = (event: Parameters<typeof notificationsFor>[0]) =>
    notificationsFor(event).map((intent) => `${intent.recipient.key} ${intent.content.template}`);

  it("tell the buyer of a trial's start only, and nobody of a start without a trial (the order's acceptance did)", () => {
    const started = { subscription, nextDueOn: "2026-12-08", nextDueAt: "2026-12-07T23:00:00.000Z", startedAt: at };
    expect(sent({ type: "subscription.started", data: { ...started, trialEndsOn: "2026-12-07" } })).toEqual([
      "buyer:buy-1 subscription-trial-started",
    ]);
    expect(sent({ type: "subscription.started", data: { ...started, trialEndsOn: null } })).toEqual([]);
  });

  it("tell buyer and vendor of every later fact, and the buyer only of a yearly reminder", () => {
    const cases = [
      sent({
        type: "subscription.renewed",
        data: {
          subscription,
          period,
          totals: periodTotals,
          paymentId: "pay-2",
          invoiceNumber: "I-2",
          nextDueOn: "2027-01-24",
          renewedAt: at,
        },
      }),
      sent({
        type: "subscription.renewal-failed",
        data: {
          subscription,
          period,
          amount: periodTotals.total,
          failures: 1,
          declineCode: null,
          nextRetryAt: null,
          failedAt: at,
        },
      }),
      sent({
        type: "subscription.suspended",
        data: { subscription, period, amountDue: periodTotals.total, endsAt: at, suspendedAt: at },
      }),
      sent({ type: "subscription.reactivated", data: { subscription, period, reactivatedAt: at } }),
      sent({
        type: "subscription.cancellation-scheduled",
        data: {
          subscription,
          lastDayOfService: "2027-01-23",
          effectiveOn: "2027-01-24",
          amountNoLongerCharged: periodTotals.total,
          deferredByCommitment: false,
          by,
          scheduledAt: at,
        },
      }),
      sent({
        type: "subscription.cancellation-undone",
        data: { subscription, effectiveOn: "2027-01-24", by, undoneAt: at },
      }),
      sent({
        type: "subscription.ended",
        data: { subscription, reason: "withdrawn", lastDayOfService: "2026-11-30", endedAt: at },
      }),
      sent({
        type: "subscription.reminder-due",
        data: {
          subscription: exampleYearlySubscription,
          renewsOn: "2027-11-24",
          amount: periodTotals.total,
          cancellableUntil: at,
          remindedAt: at,
        },
      }),
    ];
    expect(cases).toEqual([
      ["buyer:buy-1 subscription-renewed", "vendor:ven-1 vendor-subscription-renewed"],
      ["buyer:buy-1 subscription-renewal-failed", "vendor:ven-1 vendor-subscription-renewal-failed"],
      ["buyer:buy-1 subscription-suspended", "vendor:ven-1 vendor-subscription-suspended"],
      ["buyer:buy-1 subscription-reactivated", "vendor:ven-1 vendor-subscription-reactivated"],
      ["buyer:buy-1 subscription-cancellation-scheduled", "vendor:ven-1 vendor-subscription-cancellation-scheduled"],
      ["buyer:buy-1 subscription-cancellation-undone", "vendor:ven-1 vendor-subscription-cancellation-undone"],
      ["buyer:buy-1 subscription-ended", "vendor:ven-1 vendor-subscription-ended"],
      ["buyer:buy-1 subscription-renewal-reminder"],
    ]);
  });

  it("date the checkout's snapshots at the epoch, so what the service knows of buyer and vendor always wins", () => {
    const [toBuyer, toVendor] = notificationsFor({
      type: "subscription.reactivated",
      data: { subscription, period, reactivatedAt: at },
    });
    expect(toBuyer!.recipient).toEqual({
      key: "buyer:buy-1",
      kind: "buyer",
      email: "achats@acme.example",
      name: "Acme Industries",
      locale: "fr",
      asOf: "1970-01-01T00:00:00.000Z",
    });
    expect(toVendor!.recipient).toEqual({
      key: "vendor:ven-1",
      kind: "vendor",
      email: "ventes@nuage.example",
      name: "Nuage & Fils <SAS>",
      asOf: "1970-01-01T00:00:00.000Z",
    });
  });
});
