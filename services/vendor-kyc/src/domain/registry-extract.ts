import { addCalendarMonths, businessDate } from "./dates.js";

/** How recent a registry extract (Kbis) must be at submission (docs/business-rules.md: less than 3 months old). */
export const REGISTRY_EXTRACT_MAX_AGE_MONTHS = 3;

export type AgeResult = { ok: true; message: string } | { ok: false; message: string };

/**
 * The extract must be issued less than 3 calendar months before the submission day (in Paris):
 * issued on 24 August, it is accepted up to 23 November and refused from 24 November.
 */
export function checkRegistryExtractAge(issuedOn: string, submittedAt: Date): AgeResult {
  const today = businessDate(submittedAt);
  const expires = addCalendarMonths(issuedOn, REGISTRY_EXTRACT_MAX_AGE_MONTHS);
  if (today < expires) return { ok: true, message: `the registry extract of ${issuedOn} is less than 3 months old` };
  return {
    ok: false,
    message: `the registry extract was issued on ${issuedOn}, 3 months or more before ${today}: upload one issued after ${addCalendarMonths(today, -REGISTRY_EXTRACT_MAX_AGE_MONTHS)}`,
  };
}

/** An issue date cannot be later than the upload day (in Paris). */
export function checkIssuedOn(issuedOn: string, now: Date): AgeResult {
  const today = businessDate(now);
  if (issuedOn > today)
    return { ok: false, message: `the issue date ${issuedOn} is in the future (today is ${today})` };
  return { ok: true, message: "the issue date is in the past" };
}
