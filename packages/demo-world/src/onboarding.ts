import { solidPng, textPdf } from "./documents.js";
import { UnexpectedAnswer, expectAnswer, fileForm, request, type Json } from "./http.js";
import { frenchIban, frenchVatNumber, printIban, siren } from "./identifiers.js";

/** Where the public gateways answer, e.g. `http://localhost:8081/vendor/v1`. */
export interface GatewayUrls {
  storefront: string;
  vendorApi: string;
  backoffice: string;
}

export interface Person {
  firstName: string;
  lastName: string;
  birthDate: string;
}

/** A French company as it applies: everything valid, computed from a few digits. */
export interface CompanyProfile {
  email: string;
  password: string;
  legalName: string;
  /** 8 digits: the SIREN is these plus their Luhn digit. */
  sirenBase: string;
  /** The legal form and share capital (minor units) its invoices print. */
  legalForm: string;
  shareCapital: { amount: number; currency: "EUR" };
  /** The registered office, in France: street, postcode and city of one real place. */
  address: { line1: string; postalCode: string; city: string };
  publicContact: { email: string; phone: string; supportUrl?: string };
  representative: Person & { role: string };
  beneficialOwner: Person & { sharePercent: number };
  /** 11 digits of the bank account number. */
  bankAccount: string;
}

/** The application body `POST /vendor/v1/applications` takes for a profile. */
export function applicationOf(company: CompanyProfile): Json {
  const sirenNumber = siren(company.sirenBase);
  return {
    email: company.email,
    password: company.password,
    legalName: company.legalName,
    registrationNumber: sirenNumber,
    vatNumber: frenchVatNumber(sirenNumber),
    registeredAddress: { ...company.address, country: "FR" },
    legalForm: company.legalForm,
    shareCapital: company.shareCapital,
    publicContact: company.publicContact,
    representatives: [company.representative],
    beneficialOwners: [company.beneficialOwner],
  };
}

export const ibanOf = (company: CompanyProfile) => frenchIban("30006", "00001", company.bankAccount);

/** ISO date `days` before `now`. */
const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);

/**
 * Applies, uploads every KYC document (real PDF and PNG files), sets the bank account and submits,
 * as a vendor's own script would through the vendor API. Returns the vendor's token and id.
 */
export async function applyAndSubmit(
  urls: GatewayUrls,
  company: CompanyProfile,
  now = new Date(),
): Promise<{ vendorId: string; token: string }> {
  const applied = await expectAnswer(`apply as ${company.legalName}`, [200, 201], `${urls.vendorApi}/applications`, {
    body: applicationOf(company),
  });
  const token: string = applied.tokens.accessToken;
  const kyc = await expectAnswer("read the KYC file", [200], `${urls.vendorApi}/kyc`, { token });
  const representativeId: string = kyc.application.representatives[0].id;
  const ownerId: string = kyc.application.beneficialOwners[0].id;
  const upload = (
    what: string,
    kind: string,
    file: { bytes: Uint8Array; filename: string; contentType: string },
    fields: Record<string, string> = {},
  ) =>
    expectAnswer(`upload ${what}`, [201], `${urls.vendorApi}/kyc/documents`, {
      token,
      form: fileForm(file, { kind, ...fields }),
    });

  const pdf = (title: string, filename: string, lines: string[] = []) => ({
    bytes: textPdf(title, [company.legalName, ...lines]),
    filename,
    contentType: "application/pdf",
  });
  const issuedOn = daysBefore(now, 20);
  await upload(
    "the registry extract",
    "registry-extract",
    pdf("Extrait Kbis", "kbis.pdf", [`SIREN ${siren(company.sirenBase)}`, `Issued on ${issuedOn}`]),
    { issuedOn },
  );
  await upload("the statutes", "statutes", pdf("Statuts", "statuts.pdf"));
  await upload(
    "the bank details",
    "bank-details",
    pdf("Releve d'identite bancaire", "rib.pdf", [printIban(ibanOf(company))]),
  );
  await upload(
    "the representative's ID",
    "representative-id",
    { bytes: solidPng(), filename: "id-representative.png", contentType: "image/png" },
    { personId: representativeId },
  );
  await upload(
    "the owner's ID",
    "beneficial-owner-id",
    pdf("Carte d'identite", "id-owner.pdf", [
      `${company.beneficialOwner.firstName} ${company.beneficialOwner.lastName}`,
    ]),
    { personId: ownerId },
  );
  await expectAnswer("set the bank account", [200], `${urls.vendorApi}/bank-account`, {
    method: "PUT",
    token,
    body: { iban: printIban(ibanOf(company)), holderName: company.legalName },
  });
  await expectAnswer("submit the KYC file", [200], `${urls.vendorApi}/kyc/submit`, { token, body: {} });
  return { vendorId: applied.vendorId as string, token };
}

export async function signIn(url: string, email: string, password: string): Promise<string> {
  const tokens = await expectAnswer(`sign in as ${email}`, [200], `${url}/auth/login`, { body: { email, password } });
  return tokens.accessToken as string;
}

/** An operator approves a submitted vendor. */
export async function approve(urls: GatewayUrls, operatorToken: string, vendorId: string): Promise<void> {
  await expectAnswer(`approve vendor ${vendorId}`, [200], `${urls.backoffice}/kyc/reviews/${vendorId}/approve`, {
    token: operatorToken,
    body: {},
  });
}

export interface SolutionSpec {
  name: string;
  category: "saas" | "paas";
  subcategory: string;
  region: string;
  description: { fr: string; en: string };
  documentationUrl: string;
  plans: {
    name: string;
    billingCycle: "monthly" | "yearly";
    price: { amount: number; currency: "EUR" };
    commitmentMonths?: number;
    trialDays?: number;
  }[];
  openTrustedCloud?: boolean;
}

/** A vendor creates and publishes a listing; an operator grants the label when asked. Returns the product id. */
export async function publishSolution(
  urls: GatewayUrls,
  vendorToken: string,
  solution: SolutionSpec,
  operatorToken?: string,
): Promise<string> {
  const { openTrustedCloud, ...listing } = solution;
  const product = await expectAnswer(`create ${solution.name}`, [201], `${urls.vendorApi}/products`, {
    token: vendorToken,
    body: listing,
  });
  // Right after an approval the catalog may not have heard of it yet (it learns through the bus):
  // a 409 vendor-not-approved is retried for a while, as a vendor's script would.
  for (let attempt = 1; ; attempt++) {
    const answer = await request(`${urls.vendorApi}/products/${product.id}/publish`, { token: vendorToken, body: {} });
    if (answer.status === 200) break;
    if (answer.status !== 409 || answer.body?.type !== "/problems/vendor-not-approved" || attempt >= 100)
      throw new UnexpectedAnswer(`publish ${solution.name}`, answer);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (openTrustedCloud && operatorToken) {
    await expectAnswer(
      `label ${solution.name}`,
      [200],
      `${urls.backoffice}/products/${product.id}/labels/open-trusted-cloud`,
      { token: operatorToken, body: {} },
    );
  }
  return product.id as string;
}
