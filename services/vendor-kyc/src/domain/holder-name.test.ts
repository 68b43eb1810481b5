import { checkHolderName, normalizeCompanyName } from "./holder-name.js";

describe("matching the account holder with the legal name", () => {
  it.each([
    ["NUAGE SOUVERAIN", "Nuage Souverain SAS"],
    ["Nuage Souverain S.A.S.", "Nuage Souverain SAS"],
    ["SAS NUAGE SOUVERAIN", "Nuage Souverain"],
    ["nuagesouverain", "Nuage Souverain SAS"],
    ["Société Générale des Nuages", "SOCIETE GENERALE DES NUAGES SA"],
    ["L'Étoile-du-Nord SARL", "L ETOILE DU NORD"],
    ["Wolke Hosting GmbH", "WOLKE HOSTING"],
    ["Cloud & Co Ltd", "Cloud and Co Limited"],
    ["  Nuage   Souverain , SAS ", "Nuage Souverain"],
  ])("accepts %j for %j", (holder, legal) => {
    expect(checkHolderName(holder, legal)).toEqual({ ok: true });
  });

  it("refuses another company's name, naming both", () => {
    expect(checkHolderName("Jean Dupont", "Nuage Souverain SAS")).toEqual({
      ok: false,
      message: 'the account holder "Jean Dupont" does not match the company\'s legal name "Nuage Souverain SAS"',
    });
    expect(checkHolderName("Nuage Souverain Holding", "Nuage Souverain SAS").ok).toBe(false);
  });

  it("drops legal forms only at the start or the end of the name, and never the whole name", () => {
    expect(normalizeCompanyName("Banque SA Conseil")).toBe("banquesaconseil");
    expect(normalizeCompanyName("SAS")).toBe("sas");
    expect(normalizeCompanyName("Nuage SAS SARL")).toBe("nuage");
  });
});
