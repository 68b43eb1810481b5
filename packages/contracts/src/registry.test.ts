import { z } from "zod";
import { defineEvent, streamNameFor } from "./define-event.js";
import { createEventRegistry, events, parseEvent } from "./registry.js";
import { VendorApprovedV1 } from "./events/vendor/vendor-approved.v1.js";

const validEnvelope = {
  id: "0193b1a2-7c4e-7d2a-9f10-3c4d5e6f7a8b",
  type: "vendor.approved",
  version: 1,
  occurredAt: "2026-11-24T10:00:00.000Z",
  producer: "vendor-kyc",
  correlationId: "req-1",
  causationId: null,
  data: {
    vendorId: "v_1",
    legalName: "Nuage SAS",
    publicContact: { email: "sales@nuage.example", phone: "+33 1 23 45 67 89" },
    approvedAt: "2026-11-24T10:00:00.000Z",
  },
};

describe("event definitions", () => {
  it("derive a four-token subject from type and version", () => {
    expect(VendorApprovedV1.subject).toBe("mkt.vendor.approved.v1");
    expect(VendorApprovedV1.subject.split(".")).toHaveLength(4);
    expect(VendorApprovedV1.context).toBe("vendor");
  });

  it("refuse a type that is not <context>.<event>", () => {
    expect(() => defineEvent({ type: "Vendor.Approved", version: 1, description: "", data: z.object({}) })).toThrow();
    expect(() =>
      defineEvent({ type: "a.b.c" as `${string}.${string}`, version: 1, description: "", data: z.object({}) }),
    ).toThrow();
    expect(() => defineEvent({ type: "a.b", version: 0, description: "", data: z.object({}) })).toThrow(/version/);
  });

  it("name one stream per publishing context", () => {
    expect(streamNameFor("vendor-kyc")).toBe("MKT_VENDOR_KYC");
  });
});

describe("the registry", () => {
  it("finds a declared event by type and version, and nothing else", () => {
    expect(events.find("vendor.approved", 1)).toBe(VendorApprovedV1);
    expect(events.find("vendor.approved", 2)).toBeUndefined();
    expect(events.has(VendorApprovedV1)).toBe(true);
  });

  it("lets v2 of an event live beside v1", () => {
    const v2 = defineEvent({
      type: "vendor.approved",
      version: 2,
      description: "",
      data: z.object({ vendorId: z.string() }),
    });
    const registry = createEventRegistry([VendorApprovedV1, v2]);
    expect(registry.find("vendor.approved", 1)).toBe(VendorApprovedV1);
    expect(registry.find("vendor.approved", 2)).toBe(v2);
    expect(v2.subject).toBe("mkt.vendor.approved.v2");
    expect(registry.contexts()).toEqual(["vendor"]);
  });

  it("refuses the same type and version declared twice", () => {
    expect(() => createEventRegistry([VendorApprovedV1, VendorApprovedV1])).toThrow(/declared twice/);
  });
});

describe("parsing what arrives from the bus", () => {
  it("accepts a valid envelope and returns typed data", () => {
    const parsed = parseEvent(events, JSON.stringify(validEnvelope));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.definition).toBe(VendorApprovedV1);
  });

  it("names the field that is wrong", () => {
    const bad = { ...validEnvelope, data: { ...validEnvelope.data, publicContact: { email: "nope", phone: "+33" } } };
    const parsed = parseEvent(events, JSON.stringify(bad));
    expect(parsed).toMatchObject({ ok: false, reason: "invalid-data" });
    if (!parsed.ok) expect(parsed.issues.map((i) => i.path)).toContain("data.publicContact.email");
  });

  it("tells malformed JSON, a broken envelope and an undeclared event apart", () => {
    expect(parseEvent(events, "{not json")).toMatchObject({ ok: false, reason: "malformed-json" });
    expect(parseEvent(events, JSON.stringify({ ...validEnvelope, id: "x" }))).toMatchObject({
      ok: false,
      reason: "invalid-envelope",
    });
    expect(parseEvent(events, JSON.stringify({ ...validEnvelope, version: 9 }))).toMatchObject({
      ok: false,
      reason: "undeclared-event",
    });
  });
});
