import PDFDocument from "pdfkit";
import type { Address, Money, OrderLine, OrderTotals, VatTreatment } from "@mkt/contracts";
import type { Wording } from "./wording.js";

// Shared layout of the order documents. pdfkit's standard fonts (Helvetica) need no font file
// and encode WinAnsi, which covers French; text is normalised to it (printable()).

/** A party as a document prints it; what is unknown is printed as such, never invented. */
export interface DocumentParty {
  name: string;
  /** A company's legal form (SAS, SARL…) and share capital, which French invoices print when known. */
  legalForm?: string;
  shareCapital?: Money;
  registrationNumber: string | null;
  vatNumber: string | null;
  address: Address | null;
  email?: string;
  phone?: string;
  supportUrl?: string;
}

/** Replaces what WinAnsi cannot encode (narrow no-break spaces, curly quotes are fine). */
export function printable(text: string): string {
  return text.replace(/[\u202f\u00a0\u2009]/g, " ").replace(/[^\t\n\r -\u00ff€‘’“”–—…•]/g, "?");
}

/** Renders a document into its bytes. `issuedAt` is the PDF's creation date, so the bytes depend only on the facts. */
export function renderPdf(
  meta: { title: string; author: string; issuedAt: Date },
  draw: (doc: PDFKit.PDFDocument) => void,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: "A4",
      margin: 50,
      info: {
        Title: printable(meta.title),
        Author: printable(meta.author),
        Creator: "Marketplace order service",
        CreationDate: meta.issuedAt,
      },
    });
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    try {
      draw(doc);
      doc.end();
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

export function heading(doc: PDFKit.PDFDocument, title: string, subtitle: string): void {
  doc.font("Helvetica-Bold").fontSize(18).text(printable(title));
  doc.font("Helvetica").fontSize(10).fillColor("#555555").text(printable(subtitle)).fillColor("black");
  doc.moveDown();
}

export function keyValues(doc: PDFKit.PDFDocument, rows: [string, string][], wording: Wording): void {
  doc.fontSize(10);
  for (const [key, value] of rows) {
    doc
      .font("Helvetica-Bold")
      .text(`${printable(key)}${wording.colon}`, { continued: true })
      .font("Helvetica")
      .text(printable(value));
  }
  doc.moveDown(0.5);
}

function addressLines(address: Address | null, wording: Wording): string[] {
  if (!address) return [wording.addressNotProvided];
  return [
    address.line1,
    ...(address.line2 ? [address.line2] : []),
    `${address.postalCode} ${address.city}`,
    address.country,
  ];
}

/** SIREN (9 digits) or SIRET (14) for a French company; any other registration number as such. */
function registrationKind(who: DocumentParty): "siren" | "siret" | "other" {
  const digits = (who.registrationNumber ?? "").replace(/\s/g, "");
  if (who.address && who.address.country !== "FR") return "other";
  if (/^\d{9}$/.test(digits)) return "siren";
  if (/^\d{14}$/.test(digits)) return "siret";
  return "other";
}

export function party(doc: PDFKit.PDFDocument, label: string, who: DocumentParty, wording: Wording): void {
  doc.font("Helvetica-Bold").fontSize(11).text(printable(label));
  doc.font("Helvetica").fontSize(10);
  const legalForm = wording.legalForm(who.legalForm, who.shareCapital);
  const c = wording.colon;
  const lines = [
    who.name,
    ...(legalForm ? [legalForm] : []),
    ...addressLines(who.address, wording),
    `${wording.registrationLabel(registrationKind(who))}${c}${who.registrationNumber ?? wording.notProvided}`,
    `${wording.vatNumber}${c}${who.vatNumber ?? wording.notProvided}`,
    ...(who.email ? [`${wording.email}${c}${who.email}`] : []),
    ...(who.phone ? [`${wording.phone}${c}${who.phone}`] : []),
    ...(who.supportUrl ? [`${wording.support}${c}${who.supportUrl}`] : []),
  ];
  for (const line of lines) doc.text(printable(line));
  doc.moveDown(0.5);
}

function describeLine(line: OrderLine, wording: Wording): string[] {
  const { lines } = wording;
  const cycle = line.billingCycle === "monthly" ? lines.monthly : lines.yearly;
  const commitment = line.commitmentMonths > 0 ? lines.commitment(line.commitmentMonths) : lines.noCommitment;
  const trial = line.trialDays > 0 ? lines.trial(line.trialDays) : lines.noTrial;
  return [
    `${line.productName} - ${lines.plan} ${line.planName}`,
    `${cycle}, ${commitment}, ${trial}`,
    lines.quantity(line.quantity, wording.money(line.unitPrice), wording.money(line.amount)),
  ];
}

export function linesTable(doc: PDFKit.PDFDocument, lines: readonly OrderLine[], wording: Wording): void {
  doc.font("Helvetica-Bold").fontSize(11).text(printable(wording.lines.heading));
  doc.fontSize(10);
  lines.forEach((line, index) => {
    const [title, terms, amounts] = describeLine(line, wording);
    doc.font("Helvetica-Bold").text(printable(`${index + 1}. ${title}`));
    doc.font("Helvetica").text(printable(terms!)).text(printable(amounts!));
    doc.moveDown(0.3);
  });
  doc.moveDown(0.5);
}

/** The VAT breakdown, or the legal mention that replaces it (reverse charge, outside the EU). */
export function vatAndTotals(doc: PDFKit.PDFDocument, vat: VatTreatment, totals: OrderTotals, wording: Wording): void {
  const { totals: words, money } = wording;
  const rate = wording.rate(vat.rateBasisPoints);
  const c = wording.colon;
  doc.font("Helvetica-Bold").fontSize(11).text(printable(words.heading));
  doc.font("Helvetica").fontSize(10);
  doc.text(printable(`${words.subtotal}${c}${money(totals.subtotal)}`));
  if (vat.kind === "standard") {
    doc.text(printable(`${words.vatOn(rate, money(totals.subtotal))}${c}${money(totals.vat)}`));
  } else {
    doc.text(printable(`${words.vat(rate)}${c}${money(totals.vat)}`));
  }
  if (vat.mention) doc.text(printable(vat.mention));
  else if (vat.kind === "reverse-charge") doc.text(printable(words.reverseCharge));
  else if (vat.kind === "outside-eu") doc.text(printable(words.outsideEu));
  doc
    .font("Helvetica-Bold")
    .text(printable(`${words.total}${c}${money(totals.total)}`))
    .font("Helvetica");
  doc.moveDown();
}
