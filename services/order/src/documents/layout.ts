import PDFDocument from "pdfkit";
import type { Address, Money, OrderLine, OrderTotals, VatTreatment } from "@mkt/contracts";
import { dateInParis } from "../domain/numbering.js";

// Shared layout of the order documents. pdfkit's standard fonts (Helvetica) need no font file
// and encode WinAnsi, which covers French; text is normalised to it (printable()).

/** A party as a document prints it; what is unknown is printed as such, never invented. */
export interface DocumentParty {
  name: string;
  registrationNumber: string | null;
  vatNumber: string | null;
  address: Address | null;
  email?: string;
  phone?: string;
  supportUrl?: string;
}

/** `4900` EUR → `49.00 EUR`; negative amounts keep their sign. */
export function formatMoney(money: Money): string {
  const sign = money.amount < 0 ? "-" : "";
  const cents = Math.abs(money.amount);
  return `${sign}${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")} ${money.currency}`;
}

/** 2000 basis points → `20%`, 550 → `5.5%`. */
export function formatRate(basisPoints: number): string {
  return `${basisPoints / 100}%`;
}

/** Replaces what WinAnsi cannot encode (narrow no-break spaces, curly quotes are fine). */
export function printable(text: string): string {
  return text.replace(/[\u202f\u00a0\u2009]/g, " ").replace(/[^\t\n\r -\u00ff€‘’“”–—…•]/g, "?");
}

export function formatDate(at: Date): string {
  return dateInParis(at);
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

export function keyValues(doc: PDFKit.PDFDocument, rows: [string, string][]): void {
  doc.fontSize(10);
  for (const [key, value] of rows) {
    doc
      .font("Helvetica-Bold")
      .text(`${printable(key)}: `, { continued: true })
      .font("Helvetica")
      .text(printable(value));
  }
  doc.moveDown(0.5);
}

function addressLines(address: Address | null): string[] {
  if (!address) return ["Address: not provided"];
  return [
    address.line1,
    ...(address.line2 ? [address.line2] : []),
    `${address.postalCode} ${address.city}`,
    address.country,
  ];
}

export function party(doc: PDFKit.PDFDocument, label: string, who: DocumentParty): void {
  doc.font("Helvetica-Bold").fontSize(11).text(printable(label));
  doc.font("Helvetica").fontSize(10);
  const lines = [
    who.name,
    ...addressLines(who.address),
    `Registration number: ${who.registrationNumber ?? "not provided"}`,
    `VAT number: ${who.vatNumber ?? "not provided"}`,
    ...(who.email ? [`Email: ${who.email}`] : []),
    ...(who.phone ? [`Phone: ${who.phone}`] : []),
    ...(who.supportUrl ? [`Support: ${who.supportUrl}`] : []),
  ];
  for (const line of lines) doc.text(printable(line));
  doc.moveDown(0.5);
}

function describeLine(line: OrderLine): string[] {
  const cycle = line.billingCycle === "monthly" ? "monthly billing" : "yearly billing";
  const commitment = line.commitmentMonths > 0 ? `${line.commitmentMonths}-month commitment` : "no commitment";
  const trial = line.trialDays > 0 ? `${line.trialDays}-day free trial` : "no free trial";
  return [
    `${line.productName} - plan ${line.planName}`,
    `${cycle}, ${commitment}, ${trial}`,
    `Quantity ${line.quantity} x ${formatMoney(line.unitPrice)} = ${formatMoney(line.amount)} (excl. VAT)`,
  ];
}

export function linesTable(doc: PDFKit.PDFDocument, lines: readonly OrderLine[]): void {
  doc.font("Helvetica-Bold").fontSize(11).text("Products");
  doc.fontSize(10);
  lines.forEach((line, index) => {
    const [title, terms, amounts] = describeLine(line);
    doc.font("Helvetica-Bold").text(printable(`${index + 1}. ${title}`));
    doc.font("Helvetica").text(printable(terms!)).text(printable(amounts!));
    doc.moveDown(0.3);
  });
  doc.moveDown(0.5);
}

/** The VAT breakdown, or the legal mention that replaces it (reverse charge, outside the EU). */
export function vatAndTotals(doc: PDFKit.PDFDocument, vat: VatTreatment, totals: OrderTotals): void {
  doc.font("Helvetica-Bold").fontSize(11).text("Totals");
  doc.font("Helvetica").fontSize(10);
  doc.text(`Subtotal (excl. VAT): ${formatMoney(totals.subtotal)}`);
  if (vat.kind === "standard") {
    doc.text(`VAT ${formatRate(vat.rateBasisPoints)} on ${formatMoney(totals.subtotal)}: ${formatMoney(totals.vat)}`);
  } else {
    doc.text(`VAT ${formatRate(vat.rateBasisPoints)}: ${formatMoney(totals.vat)}`);
  }
  if (vat.mention) doc.text(printable(vat.mention));
  else if (vat.kind === "reverse-charge") doc.text("VAT reverse charge: VAT is due by the buyer.");
  else if (vat.kind === "outside-eu") doc.text("VAT not applicable: outside the scope of EU VAT.");
  doc
    .font("Helvetica-Bold")
    .text(`Total (incl. VAT): ${formatMoney(totals.total)}`)
    .font("Helvetica");
  doc.moveDown();
}
