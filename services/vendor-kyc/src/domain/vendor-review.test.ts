import { decide, VendorNotReviewable } from "./vendor-review.js";

describe("a KYC review decision", () => {
  it("approves or rejects a submitted application", () => {
    expect(decide("submitted", "approve")).toBe("approved");
    expect(decide("submitted", "reject")).toBe("rejected");
  });

  it("cannot decide an application twice", () => {
    expect(() => decide("approved", "approve")).toThrow(VendorNotReviewable);
    expect(() => decide("rejected", "approve")).toThrow(VendorNotReviewable);
  });
});
