import type { z } from "zod";

/** One field-level problem, as it appears in problem+json `errors[]` and in publish errors. */
export interface FieldIssue {
  /** Dotted path to the field, e.g. `contact.email` or `plans.0.price.amount`; "" for the whole value. */
  path: string;
  message: string;
}

export function toFieldIssues(error: z.ZodError, prefix: readonly PropertyKey[] = []): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join("."),
    message: issue.message,
  }));
}

export function describeIssues(issues: readonly FieldIssue[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
}
