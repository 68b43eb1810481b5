import { exampleOrder as order } from "../../test/support/orders.js";
import { notificationsFor } from "./notification-rules.js";
import { TEMPLATE_NAMES } from "./templates/index.js";
import { VENDOR_TEMPLATE_ROLES, vendorUserIntents, type KnownVendorUser } from "./vendor-user-roles.js";

const user = (role: string, email = `${role}@nuage.example`, active = true): KnownVendorUser => ({
  userId: `user-${role}-${email}`,
  email,
  role,
  active,
});
const team = [user("owner"), user("admin"), user("sales"), user("operations"), user("finance")];

const transmitted = notificationsFor({
  type: "order.transmitted",
  data: { order, purchaseOrderNumber: "PO-NUAG-2026-000001" },
});
const toVendor = transmitted.find((intent) => intent.content.template === "vendor-order-received")!;
const toBuyer = transmitted.find((intent) => intent.content.template === "order-confirmation")!;

describe("a vendor's users by role", () => {
  it("send a new order to the owner, sales and operations, besides the public contact", () => {
    const intents = vendorUserIntents(toVendor, team);
    expect(intents.map((intent) => intent.recipient.email)).toEqual([
      "owner@nuage.example",
      "sales@nuage.example",
      "operations@nuage.example",
    ]);
    for (const intent of intents) {
      expect(intent.content).toBe(toVendor.content);
      expect(intent.recipient.key).toMatch(/^vendor-user:/);
    }
  });

  it("send bank details to finance and the KYC file to admins, each with the owner", () => {
    expect(VENDOR_TEMPLATE_ROLES["vendor-bank-details-changed"]).toEqual(["owner", "finance"]);
    expect(VENDOR_TEMPLATE_ROLES["vendor-information-requested"]).toEqual(["owner", "admin"]);
  });

  it("never send twice to one address, nor to a deactivated user, nor a buyer's email to a vendor", () => {
    const intents = vendorUserIntents(toVendor, [
      user("sales", toVendor.recipient.email.toUpperCase()),
      user("operations", "ops@nuage.example"),
      user("owner", "ops@nuage.example"),
      user("sales", "gone@nuage.example", false),
    ]);
    expect(intents.map((intent) => intent.recipient.email)).toEqual(["ops@nuage.example"]);
    expect(vendorUserIntents(toBuyer, team)).toEqual([]);
  });

  it("date a user's recipient by the user's own fact, not by the event's snapshot", () => {
    const [intent] = vendorUserIntents(toVendor, [{ ...user("sales"), asOf: new Date("2026-12-01T08:00:00.000Z") }]);
    expect(intent!.recipient.asOf).toBe("2026-12-01T08:00:00.000Z");
    expect(vendorUserIntents(toVendor, [user("sales")])[0]!.recipient.asOf).toBe(toVendor.recipient.asOf);
  });

  it("send a subscription's money to finance and what changes the service to operations, each with the owner and sales", () => {
    expect(VENDOR_TEMPLATE_ROLES["vendor-subscription-renewed"]).toEqual(["owner", "sales", "finance"]);
    expect(VENDOR_TEMPLATE_ROLES["vendor-subscription-suspended"]).toEqual(["owner", "sales", "operations", "finance"]);
    expect(VENDOR_TEMPLATE_ROLES["vendor-subscription-ended"]).toEqual(["owner", "sales", "operations"]);
  });

  it("name the roles of every vendor email, so that none reaches only the public contact", () => {
    const vendorTemplates = TEMPLATE_NAMES.filter((name) => name.startsWith("vendor-"));
    expect(vendorTemplates.filter((name) => !VENDOR_TEMPLATE_ROLES[name]?.includes("owner"))).toEqual([]);
    expect(Object.keys(VENDOR_TEMPLATE_ROLES).sort()).toEqual([...vendorTemplates].sort());
  });

  it("send a withdrawal to the people who refund and stop the service, a dispute to those who answer it", () => {
    expect(VENDOR_TEMPLATE_ROLES["vendor-order-withdrawn"]).toEqual(["owner", "sales", "operations", "finance"]);
    expect(VENDOR_TEMPLATE_ROLES["vendor-dispute-update"]).toEqual(["owner", "sales", "operations"]);
  });
});
