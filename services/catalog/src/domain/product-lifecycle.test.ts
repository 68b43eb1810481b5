import { announcesChanges, decidePublish, decideUnlist, decideUnpublish } from "./product-lifecycle.js";

const ready = { vendorApproved: true, activePlans: 1 };

describe("a listing's lifecycle", () => {
  it("publishes a draft of an approved vendor with an active plan", () => {
    expect(decidePublish("draft", ready)).toEqual({ kind: "change", to: "published" });
  });
  it("publishes an unpublished listing again", () => {
    expect(decidePublish("unpublished", ready)).toEqual({ kind: "change", to: "published" });
  });
  it("refuses to publish while the vendor is not approved", () => {
    expect(decidePublish("draft", { vendorApproved: false, activePlans: 3 })).toEqual({
      kind: "refused",
      reason: "vendor-not-approved",
    });
  });
  it("refuses to publish without an active plan", () => {
    expect(decidePublish("draft", { vendorApproved: true, activePlans: 0 })).toEqual({
      kind: "refused",
      reason: "no-active-plan",
    });
  });
  it("never lets a vendor publish an unlisted listing again", () => {
    expect(decidePublish("unlisted", ready)).toEqual({ kind: "refused", reason: "product-unlisted" });
  });
  it("treats publishing a published listing as nothing to do", () => {
    expect(decidePublish("published", ready)).toEqual({ kind: "unchanged" });
  });
  it("unpublishes only a published listing", () => {
    expect(decideUnpublish("published")).toEqual({ kind: "change", to: "unpublished" });
    expect(decideUnpublish("unpublished")).toEqual({ kind: "unchanged" });
    expect(decideUnpublish("draft")).toEqual({ kind: "refused", reason: "product-not-published" });
    expect(decideUnpublish("unlisted")).toEqual({ kind: "refused", reason: "product-unlisted" });
  });
  it("lets an operator unlist from any state, once", () => {
    for (const status of ["draft", "published", "unpublished"] as const)
      expect(decideUnlist(status)).toEqual({ kind: "change", to: "unlisted" });
    expect(decideUnlist("unlisted")).toEqual({ kind: "refused", reason: "already-unlisted" });
  });
  it("announces changes only of listings that were ever published", () => {
    expect(announcesChanges({ everPublished: false })).toBe(false);
    expect(announcesChanges({ everPublished: true })).toBe(true);
  });
});
