import type { FieldIssue } from "./issues.js";

/**
 * Text the marketplace accepts anywhere: well-formed Unicode that PostgreSQL can store. A NUL
 * (U+0000) is refused by PostgreSQL's text types (error 22021), and a lone UTF-16 surrogate is not
 * a character at all (it would be stored as U+FFFD, silently changing what the person typed).
 * Checked once where every input enters (HTTP requests, events published and consumed, calls
 * between services), so that no route has to remember it.
 */
export function textProblem(text: string): string | undefined {
  if (text.includes("\u0000")) return "must not contain a NUL character (U+0000)";
  if (!text.isWellFormed()) return "must be well-formed Unicode (it contains a lone UTF-16 surrogate)";
  return undefined;
}

/** Guards the walk below against a hostile, deeply nested body (the JSON limit bounds its size). */
const MAX_DEPTH = 64;

/**
 * Every string (and object key) in `value` that `textProblem` refuses, with its dotted path
 * (`prefix` first: `query.q`, `lines.0.name`).
 */
export function findUnstorableText(value: unknown, prefix: readonly PropertyKey[] = []): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const visit = (node: unknown, path: PropertyKey[], depth: number): void => {
    if (typeof node === "string") {
      const problem = textProblem(node);
      if (problem) issues.push({ path: path.map(String).join("."), message: problem });
      return;
    }
    if (node === null || typeof node !== "object" || depth > MAX_DEPTH) return;
    if (node instanceof Uint8Array || node instanceof Date) return;
    for (const [key, child] of Object.entries(node)) {
      const keyProblem = textProblem(key);
      const childPath = [...path, keyProblem ? JSON.stringify(key).slice(1, -1) : key];
      if (keyProblem) issues.push({ path: childPath.map(String).join("."), message: `field name ${keyProblem}` });
      visit(child, childPath, depth + 1);
    }
  };
  visit(value, [...prefix], 0);
  return issues;
}
