import { Address, ShareCapital, VendorApplicationInput } from "@mkt/contracts";
import { demoBuyer, demoVendors } from "./demo-data.js";
import { applicationOf } from "./onboarding.js";

/** The département each demo city is in: its postcodes start with these two digits. */
const DEPARTEMENT: Record<string, string> = { Paris: "75", Lyon: "69", Strasbourg: "67" };

describe("the demo world", () => {
  it("gives the demo buyer a billing address its documents can print", () => {
    expect(Address.parse(demoBuyer.address)).toEqual(demoBuyer.address);
    expect(DEPARTEMENT[demoBuyer.address.city]).toBe(demoBuyer.address.postalCode.slice(0, 2));
  });

  it.each(demoVendors.map((vendor) => [vendor.company.legalName, vendor.company] as const))(
    "gives %s a coherent registered office, its legal form and its share capital",
    (legalName, company) => {
      const { address } = company;
      expect(DEPARTEMENT[address.city]).toBe(address.postalCode.slice(0, 2));
      expect(legalName.endsWith(` ${company.legalForm}`)).toBe(true);
      expect(ShareCapital.parse(company.shareCapital)).toEqual(company.shareCapital);
      const application = VendorApplicationInput.parse(applicationOf(company));
      expect(application).toMatchObject({
        registeredAddress: { ...address, country: "FR" },
        legalForm: company.legalForm,
        shareCapital: company.shareCapital,
      });
    },
  );

  it("gives each vendor its own registered office", () => {
    const offices = demoVendors.map(({ company }) => `${company.address.line1}, ${company.address.postalCode}`);
    expect(new Set(offices).size).toBe(offices.length);
  });
});
