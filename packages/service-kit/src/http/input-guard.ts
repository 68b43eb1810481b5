import { isUtf8 } from "node:buffer";
import type { RequestHandler } from "express";
import { findUnstorableText, textProblem, type FieldIssue } from "@mkt/contracts";
import { ValidationError } from "./problems.js";

/**
 * Every request's text, checked once where it enters, before any route or query runs: the path,
 * the query string and the JSON body must be well-formed Unicode that PostgreSQL can store (no
 * NUL, no lone surrogate, no percent-encoding of invalid UTF-8). Anything else is a 400 problem
 * naming the field (`path`, `query.q`, `name`), never a database error. Multipart fields are
 * checked the same way where the upload is read (endpoints.ts).
 */
export const refuseUnstorableInput: RequestHandler = (req, _res, next) => {
  const issues: FieldIssue[] = [...pathIssues(req.path), ...queryIssues(req.originalUrl), ...bodyIssues(req.body)];
  if (invalidUtf8Bodies.has(req)) issues.push({ path: "", message: "the body is not valid UTF-8" });
  if (issues.length > 0) throw new ValidationError(issues, "The request carries text that cannot be stored.");
  next();
};

/** Requests whose JSON body bytes were not UTF-8 (the JSON parser would have replaced them with U+FFFD). */
const invalidUtf8Bodies = new WeakSet<object>();

/** For express.json's `verify`: remembers a body whose bytes are not UTF-8, for the guard to refuse. */
export function noteBodyEncoding(req: object, body: Buffer): void {
  if (!isUtf8(body)) invalidUtf8Bodies.add(req);
}

function pathIssues(path: string): FieldIssue[] {
  for (const segment of path.split("/")) {
    const decoded = decode(segment);
    const problem = decoded === undefined ? "is not valid UTF-8 once percent-decoded" : textProblem(decoded);
    if (problem) return [{ path: "path", message: `the URL path ${problem}` }];
  }
  return [];
}

/** The raw query string: node's parser would turn invalid UTF-8 into U+FFFD without a word. */
function queryIssues(url: string): FieldIssue[] {
  const start = url.indexOf("?");
  if (start < 0) return [];
  const issues: FieldIssue[] = [];
  for (const pair of url.slice(start + 1).split("&")) {
    if (!pair) continue;
    const [rawName = "", rawValue = ""] = splitOnce(pair, "=");
    const name = decode(rawName.replace(/\+/g, " "));
    const value = decode(rawValue.replace(/\+/g, " "));
    const label = name !== undefined && textProblem(name) === undefined ? name : "(name)";
    const problem =
      name === undefined || value === undefined
        ? "is not valid UTF-8 once percent-decoded"
        : (textProblem(name) ?? textProblem(value));
    if (problem) issues.push({ path: `query.${label}`, message: problem });
  }
  return issues;
}

function bodyIssues(body: unknown): FieldIssue[] {
  return body === undefined || Buffer.isBuffer(body) ? [] : findUnstorableText(body);
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ""] : [text.slice(0, at), text.slice(at + 1)];
}
