import type { KYC_DOCUMENT_MEDIA_TYPES } from "@mkt/contracts";

export type KycMediaType = (typeof KYC_DOCUMENT_MEDIA_TYPES)[number];

/** Magic numbers: a document's type is what its first bytes say, never its name or declared type. */
const SIGNATURES: readonly { type: KycMediaType; bytes: readonly number[] }[] = [
  { type: "application/pdf", bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: "image/png", bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: "image/jpeg", bytes: [0xff, 0xd8, 0xff] },
];

/** The media type the bytes start with, or null when they are not a PDF, PNG or JPEG. */
export function detectMediaType(bytes: Uint8Array): KycMediaType | null {
  for (const signature of SIGNATURES) {
    if (bytes.length >= signature.bytes.length && signature.bytes.every((byte, i) => bytes[i] === byte))
      return signature.type;
  }
  return null;
}
