import { createOnce, requestFingerprint } from "./idempotency.js";

describe("requestFingerprint", () => {
  it("is the same for the same request, whatever order its fields were sent in", () => {
    const sent = requestFingerprint("AddCartItem", { planId: "p-1", quantity: 2, meta: { b: 1, a: [{ y: 1, x: 2 }] } });
    const reordered = requestFingerprint("AddCartItem", {
      meta: { a: [{ x: 2, y: 1 }], b: 1 },
      quantity: 2,
      planId: "p-1",
    });
    expect(reordered).toBe(sent);
    expect(sent).toMatch(/^[0-9a-f]{64}$/);
  });

  it("ignores a field left undefined, as JSON on the wire does", () => {
    expect(requestFingerprint("AddCartItem", { planId: "p-1", note: undefined })).toBe(
      requestFingerprint("AddCartItem", { planId: "p-1" }),
    );
  });

  it("tells another body, another operation and another array order apart", () => {
    const sent = requestFingerprint("AddCartItem", { planId: "p-1", quantity: 2, tags: ["a", "b"] });
    expect(requestFingerprint("AddCartItem", { planId: "p-1", quantity: 3, tags: ["a", "b"] })).not.toBe(sent);
    expect(requestFingerprint("CheckoutCart", { planId: "p-1", quantity: 2, tags: ["a", "b"] })).not.toBe(sent);
    expect(requestFingerprint("AddCartItem", { planId: "p-1", quantity: 2, tags: ["b", "a"] })).not.toBe(sent);
    expect(requestFingerprint("AddCartItem", { planId: "p-1", quantity: "2", tags: ["a", "b"] })).not.toBe(sent);
  });

  it("hashes a date as the instant it names", () => {
    const at = (iso: string) => requestFingerprint("Schedule", { at: new Date(iso) });
    expect(at("2026-11-02T10:00:00.000Z")).toBe(at("2026-11-02T11:00:00.000+01:00"));
    expect(at("2026-11-02T10:00:00.000Z")).not.toBe(at("2026-11-02T10:00:01.000Z"));
  });
});

describe("createOnce", () => {
  const uniqueViolation = Object.assign(new Error("Unique constraint failed"), { code: "P2002" });

  it("answers what the key already made, without creating", async () => {
    const create = jest.fn(async () => "new");
    await expect(createOnce(async () => "earlier", create)).resolves.toBe("earlier");
    expect(create).not.toHaveBeenCalled();
  });

  it("creates when the key made nothing yet", async () => {
    await expect(
      createOnce(
        async () => undefined,
        async () => "new",
      ),
    ).resolves.toBe("new");
  });

  it("answers the winner's creation when a concurrent call with the key inserted first", async () => {
    const answers = [undefined, "winner"];
    const replay = jest.fn(async () => answers.shift());
    await expect(createOnce(replay, async () => Promise.reject(uniqueViolation))).resolves.toBe("winner");
    expect(replay).toHaveBeenCalledTimes(2);
  });

  it("rethrows a unique violation that no winner explains, and any other failure", async () => {
    await expect(
      createOnce(
        async () => undefined,
        async () => Promise.reject(uniqueViolation),
      ),
    ).rejects.toBe(uniqueViolation);
    const other = new Error("connection lost");
    const replay = jest.fn(async () => undefined);
    await expect(createOnce(replay, async () => Promise.reject(other))).rejects.toBe(other);
    expect(replay).toHaveBeenCalledTimes(1);
  });
});
