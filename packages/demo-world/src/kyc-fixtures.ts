import { solidPng, textPdf } from "./documents.js";
import { frenchVatNumber, siren } from "./identifiers.js";

// Building blocks for tests that take a company through KYC: genuine files of each accepted type
// (vendor-kyc recognises a document by its content, not its name) and a complete application
// whose identifiers pass the checks. One copy here, for every service's and gateway's tests.

export const pdfDocument = (text = "Extrait Kbis"): Uint8Array => new Uint8Array(textPdf(text));
export const pngDocument = (): Uint8Array => new Uint8Array(solidPng(1, 1, [128, 128, 128]));

/** A 1×1 JPEG (JFIF). */
export const jpegDocument = (): Uint8Array =>
  new Uint8Array(
    Buffer.from(
      "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=",
      "base64",
    ),
  );

let sirenCounter = 0;
/** A valid SIREN, different at each call (so every test company is its own). */
export function uniqueSiren(): string {
  const base = String((Date.now() % 1_000_000) * 100 + (++sirenCounter % 100))
    .padStart(8, "1")
    .slice(-8);
  return siren(base);
}

export const frenchVat = frenchVatNumber;

/** A complete application of a French company: one representative, one beneficial owner. */
export function companyApplication(legalName = "Nuage Souverain SAS") {
  const registrationNumber = uniqueSiren();
  return {
    legalName,
    registrationNumber,
    vatNumber: frenchVatNumber(registrationNumber),
    registeredAddress: { line1: "12 rue de la Paix", postalCode: "75002", city: "Paris", country: "FR" },
    legalForm: "SAS",
    shareCapital: { amount: 5_000_000, currency: "EUR" },
    publicContact: {
      email: "ventes@nuage.example",
      phone: "+33 1 84 00 00 00",
      supportUrl: "https://support.nuage.example",
    },
    representatives: [{ firstName: "Camille", lastName: "Durand", birthDate: "1980-04-12", role: "Président" }],
    beneficialOwners: [{ firstName: "Camille", lastName: "Durand", birthDate: "1980-04-12", sharePercent: 60 }],
  };
}

/** A valid French IBAN in the company's name. */
export const bankAccountOf = (legalName: string) => ({
  iban: "FR76 3000 6000 0112 3456 7890 189",
  holderName: legalName,
});

/** A date `days` before today, `YYYY-MM-DD` (a registry extract must be less than 3 months old). */
export const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
