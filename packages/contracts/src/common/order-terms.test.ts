import { BuyerSnapshot } from "./order-terms.js";

const buyer = {
  buyerId: "b_1",
  kind: "company",
  name: "Acme SAS",
  email: "billing@acme.example",
  locale: "fr",
  registrationNumber: "123 456 789",
  vatNumber: null,
  address: null,
  country: "FR",
};

describe("the buyer snapshot's time zone", () => {
  it("is optional, as snapshots frozen before it travelled lack it", () => {
    expect(BuyerSnapshot.safeParse(buyer).success).toBe(true);
  });

  it("keeps an IANA zone and refuses a name that is not one", () => {
    expect(BuyerSnapshot.parse({ ...buyer, timeZone: "America/Los_Angeles" }).timeZone).toBe("America/Los_Angeles");
    const refused = BuyerSnapshot.safeParse({ ...buyer, timeZone: "Mars/Olympus_Mons" });
    expect(refused.success).toBe(false);
    if (!refused.success) expect(refused.error.issues.map((issue) => issue.path.join("."))).toEqual(["timeZone"]);
  });
});
