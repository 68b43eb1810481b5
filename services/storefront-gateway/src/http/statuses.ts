import type { Request, Response } from "express";
import type { OpenApiDocument } from "@mkt/service-kit";

/**
 * `mountEndpoint` answers the one success status its contract declares. A route that has more
 * than one (POST /checkout: 201 once the orders exist, 202 while the card is still answering)
 * names the status of this response here: only a success status is replaced, so problems
 * (4xx, 5xx) keep theirs. The body is still checked against the contract's schema.
 */
export function answerWithStatus(req: Request, status: 200 | 201 | 202): void {
  const res = req.res as Response;
  const setStatus = res.status.bind(res);
  res.status = ((code: number) => setStatus(code >= 200 && code < 300 ? status : code)) as Response["status"];
}

/**
 * Documents a second success status of an operation, with the same body as its declared one
 * (the contract declares one status; the docs must show both).
 */
export function documentAlsoStatus(document: OpenApiDocument, path: string, method: string, status: number, description: string): OpenApiDocument {
  const operation = document.paths[path]?.[method];
  if (!operation) throw new Error(`no ${method.toUpperCase()} ${path} in the OpenAPI document`);
  const declared = Object.entries(operation.responses).find(([code]) => code.startsWith("2"));
  operation.responses[String(status)] = { ...(declared?.[1] ?? {}), description };
  operation.responses = Object.fromEntries(Object.entries(operation.responses).sort(([a], [b]) => a.localeCompare(b)));
  return document;
}
