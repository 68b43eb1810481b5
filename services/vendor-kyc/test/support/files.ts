import { jpegDocument, pngDocument, textPdf } from "@mkt/demo-world";

// Genuine files of each accepted type (vendor-kyc recognises a document by its bytes), from the
// one set of builders every KYC test uses.
export const minimalPdf = (text = "Extrait Kbis"): Buffer => textPdf(text);
export const minimalPng = (): Buffer => Buffer.from(pngDocument());
export const minimalJpeg = (): Buffer => Buffer.from(jpegDocument());
