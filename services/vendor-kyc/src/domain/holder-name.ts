/**
 * Legal-form words that may be written or left out of a company's name ("Nuage SAS" is the
 * account holder "NUAGE"): French, German, British, Benelux, Iberian and Italian forms.
 */
const LEGAL_FORMS = new Set([
  "sa",
  "sas",
  "sasu",
  "sarl",
  "eurl",
  "sca",
  "scs",
  "snc",
  "sci",
  "scop",
  "selarl",
  "gmbh",
  "ag",
  "kg",
  "ug",
  "ohg",
  "ltd",
  "limited",
  "plc",
  "llp",
  "llc",
  "inc",
  "corp",
  "bv",
  "nv",
  "sl",
  "slu",
  "srl",
  "spa",
  "lda",
  "ab",
  "as",
  "oy",
]);

/**
 * The comparable form of a company name. The rule, in order:
 * 1. accents are dropped (NFKD, combining marks removed) and case is ignored;
 * 2. dots are removed, so abbreviations match their letters (`S.A.S.` = `SAS`);
 *    `&` counts as `and`, and every other punctuation character separates words;
 * 3. legal-form words (`SAS`, `SARL`, `SA`, `GmbH`, `Ltd`... see LEGAL_FORMS) are dropped from
 *    the start and the end of the name, where they are written, as often as they appear; never in
 *    the middle, where they are part of the name ("Banque SA Conseil" keeps its "SA"), and never
 *    when nothing else would remain;
 * 4. spaces are ignored (the words are joined), so `Nuage Souverain` = `NUAGESOUVERAIN`.
 */
export function normalizeCompanyName(name: string): string {
  const words = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/\./g, "")
    .replace(/&/g, " and ")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  let start = 0;
  let end = words.length;
  while (end - start > 1 && LEGAL_FORMS.has(words[start]!)) start++;
  while (end - start > 1 && LEGAL_FORMS.has(words[end - 1]!)) end--;
  return words.slice(start, end).join("");
}

export type HolderNameResult = { ok: true } | { ok: false; message: string };

/** The bank account must be in the company's name (see normalizeCompanyName for what may differ). */
export function checkHolderName(holderName: string, legalName: string): HolderNameResult {
  if (normalizeCompanyName(holderName) === normalizeCompanyName(legalName)) return { ok: true };
  return {
    ok: false,
    message: `the account holder "${holderName}" does not match the company's legal name "${legalName}"`,
  };
}
