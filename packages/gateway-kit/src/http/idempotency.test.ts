import { serviceIdempotencyKey } from "./idempotency.js";

describe("serviceIdempotencyKey", () => {
  it("passes the caller's key on unchanged, so the caller's own retries have no second effect", () => {
    expect(serviceIdempotencyKey("buyer-key-1")).toBe("buyer-key-1");
  });

  it("mints a fresh key for a public request without one, never the same for two requests", () => {
    const minted = Array.from({ length: 100 }, () => serviceIdempotencyKey(undefined));
    for (const key of minted)
      expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(minted).size).toBe(minted.length);
  });
});
