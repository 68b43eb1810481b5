import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { solidPng, textPdf } from "./documents.js";

describe("KYC document files", () => {
  it("writes a PDF whose cross-reference table points at each object", () => {
    const pdf = textPdf("Extrait Kbis", ["Nuage SAS", "Issued on 2026-11-01"]).toString("latin1");
    expect(pdf.startsWith("%PDF-1.4")).toBe(true);
    const xrefAt = Number(/startxref\n(\d+)/.exec(pdf)![1]);
    expect(pdf.slice(xrefAt, xrefAt + 4)).toBe("xref");
    const offsets = [...pdf.slice(xrefAt).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    offsets.forEach((offset, index) => expect(pdf.slice(offset).startsWith(`${index + 1} 0 obj`)).toBe(true));
    expect(pdf).toContain("(Issued on 2026-11-01) '");
  });

  it("writes a PNG with its signature, header and pixels", () => {
    const png = solidPng(4, 2, [1, 2, 3]);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(4);
    expect(png.readUInt32BE(20)).toBe(2);
    const idatLength = png.readUInt32BE(33);
    const pixels = inflateSync(png.subarray(41, 41 + idatLength));
    expect([...pixels.subarray(0, 4)]).toEqual([0, 1, 2, 3]);
  });

  // scripts/setup.mjs installs poppler-utils.
  it("reads back as text with poppler's pdftotext, as a PDF viewer would", () => {
    const file = join(mkdtempSync(join(tmpdir(), "pdf-")), "kbis.pdf");
    writeFileSync(file, textPdf("Extrait Kbis", ["Nuage SAS"]));
    expect(execFileSync("pdftotext", [file, "-"]).toString()).toContain("Nuage SAS");
  });
});
