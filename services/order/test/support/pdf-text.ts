import { execFileSync } from "node:child_process";

/** The text of a PDF as poppler's pdftotext reads it (tests: what a person or a machine reads). */
export function pdfText(pdf: Uint8Array): string {
  return execFileSync("/usr/bin/pdftotext", ["-layout", "-", "-"], { input: pdf }).toString("utf8");
}
