import { signWebhook, verifyWebhook } from "../src/domain/webhook-signature.js";

const secret = "whsec_test_secret";
const body = JSON.stringify({
  id: "e-1",
  type: "vendor.approved",
  version: 1,
  occurredAt: "2026-11-24T10:00:00.000Z",
  data: { vendorId: "v-1" },
});
const now = new Date("2026-11-24T10:00:00.000Z");
const t = Math.floor(now.getTime() / 1000);

describe("webhook signatures", () => {
  it("signs `<t>.<body>` as t=…,v1=<hex> and accepts its own signature", () => {
    const header = signWebhook(secret, t, body);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhook({ header, body, secret, now })).toEqual({ ok: true, timestamp: t });
    expect(verifyWebhook({ header, body: Buffer.from(body), secret, now: new Date(now.getTime() + 299_000) }).ok).toBe(
      true,
    );
  });

  it("refuses a tampered body and a wrong secret", () => {
    const header = signWebhook(secret, t, body);
    expect(verifyWebhook({ header, body: body.replace("v-1", "v-2"), secret, now })).toEqual({
      ok: false,
      reason: "bad-signature",
    });
    expect(verifyWebhook({ header, body, secret: "whsec_other", now })).toEqual({ ok: false, reason: "bad-signature" });
  });

  it("refuses a replay older than 5 minutes, and a timestamp too far in the future", () => {
    const header = signWebhook(secret, t, body);
    expect(verifyWebhook({ header, body, secret, now: new Date(now.getTime() + 301_000) })).toEqual({
      ok: false,
      reason: "timestamp-out-of-tolerance",
    });
    expect(verifyWebhook({ header, body, secret, now: new Date(now.getTime() - 301_000) })).toEqual({
      ok: false,
      reason: "timestamp-out-of-tolerance",
    });
    expect(
      verifyWebhook({ header, body, secret, now: new Date(now.getTime() + 3_600_000), toleranceSeconds: 3_600 }).ok,
    ).toBe(true);
  });

  it.each([
    undefined,
    "",
    "garbage",
    `t=${t}`,
    "v1=" + "a".repeat(64),
    `t=abc,v1=${"a".repeat(64)}`,
    `t=${t},v1=zz`,
    `t=${t},v1=${"a".repeat(64)}=x`,
  ])("refuses a malformed header %p", (header) => {
    expect(verifyWebhook({ header, body, secret, now })).toEqual({ ok: false, reason: "malformed-header" });
  });
});
