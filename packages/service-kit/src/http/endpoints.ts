import type { Request, Router } from "express";
import { z } from "zod";
import {
  describeIssues,
  findUnstorableText,
  toFieldIssues,
  type AnyEndpoint,
  type FileContent,
  type SuccessStatus,
  type EndpointInput,
  type EndpointOutput,
  type FieldIssue,
} from "@mkt/contracts";
import { ValidationError, parseInput } from "./problems.js";
import { fileContractIssues, readMultipartForm, sendFile } from "./multipart.js";

export type EndpointHandler<E extends AnyEndpoint> = (
  input: EndpointInput<E> & { req: Request },
) => Promise<EndpointOutput<E>>;

/** One endpoint and its handler, as `mountEndpoints` takes them. */
export type EndpointRoute<E extends AnyEndpoint = AnyEndpoint> = readonly [E, EndpointHandler<E>];

/**
 * A handler answered something its contract does not allow. It is our bug, not the caller's: the
 * app's error handler logs it and answers a 500, so it cannot reach a client silently.
 */
export class ResponseContractViolation extends Error {
  constructor(
    readonly endpoint: string,
    readonly issues: FieldIssue[],
  ) {
    super(`${endpoint} answered outside its response contract: ${describeIssues(issues)}`);
    this.name = "ResponseContractViolation";
  }
}

const ANSWER_STATUS = Symbol("answerStatus");

/**
 * Picks, for this request, one of the other success statuses the endpoint declares
 * (`response.alsoStatuses`), e.g. 202 while a checkout is still going; the body is the same.
 * A status the endpoint does not declare is a response contract violation (500).
 */
export function answerStatus(req: Request, status: SuccessStatus): void {
  (req as Request & { [ANSWER_STATUS]?: SuccessStatus })[ANSWER_STATUS] = status;
}

const idempotencyKey = z
  .string({ error: "the Idempotency-Key header is required" })
  .regex(/^[\x21-\x7e]{1,255}$/, "1 to 255 printable ASCII characters, no spaces");

/**
 * Mounts one contract endpoint: params, query, body (and the Idempotency-Key header when the
 * endpoint takes one) are parsed by the contract, every invalid field of all of them reported in
 * one 400; the handler's result goes out with the contract's status. Outside production the
 * result is also checked against the response schema, undeclared fields included.
 */
export function mountEndpoint<E extends AnyEndpoint>(router: Router, endpoint: E, handler: EndpointHandler<E>): void {
  const checkOutput = process.env.NODE_ENV !== "production";
  const name = `${endpoint.method.toUpperCase()} ${endpoint.path}`;
  router[endpoint.method](endpoint.path, async (req, res) => {
    const issues: FieldIssue[] = [];
    const parse = <S extends z.ZodType>(schema: S | undefined, value: unknown, where?: "params" | "query" | "body") => {
      if (!schema) return undefined;
      try {
        return parseInput(schema, value, where);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        issues.push(...(error.errors ?? []));
        return undefined;
      }
    };
    const params = parse(endpoint.params, req.params, "params");
    const query = parse(endpoint.query, endpoint.query ? listsInQuery(endpoint.query, req.query) : undefined, "query");
    // An upload's text fields are its body; its file is read (within the limit) before anything runs.
    const form = endpoint.upload ? await readMultipartForm(req, endpoint.upload) : undefined;
    if (form) {
      // The guard of every request (input-guard.ts) reads JSON bodies; an upload's text is checked here.
      issues.push(...form.issues, ...findUnstorableText(form.fields));
      if (form.file) issues.push(...findUnstorableText({ [endpoint.upload!.field]: form.file.filename }));
    }
    const body = parse(endpoint.body, form ? form.fields : req.body, "body");
    let key: string | undefined;
    const sentKey = req.get("idempotency-key");
    if (endpoint.idempotencyKey === true || (endpoint.idempotencyKey === "optional" && sentKey !== undefined)) {
      const parsed = idempotencyKey.safeParse(sentKey);
      if (parsed.success) key = parsed.data;
      else issues.push(...toFieldIssues(parsed.error, ["headers", "idempotency-key"]));
    }
    if (issues.length > 0) throw new ValidationError(issues);

    const input = {
      params,
      query,
      body,
      req,
      ...(endpoint.idempotencyKey ? { idempotencyKey: key } : {}),
      ...(form ? { file: form.file } : {}),
    } as EndpointInput<E> & {
      req: Request;
    };
    const output: unknown = await handler(input);

    if (endpoint.response.file) {
      const issues = fileContractIssues(endpoint.response.file, output);
      if (issues.length > 0) throw new ResponseContractViolation(name, issues);
      sendFile(res, endpoint.response.status, output as FileContent);
      return;
    }
    if (checkOutput) await assertResponseContract(endpoint, name, output);
    const chosen = (req as Request & { [ANSWER_STATUS]?: SuccessStatus })[ANSWER_STATUS];
    if (
      chosen !== undefined &&
      chosen !== endpoint.response.status &&
      !endpoint.response.alsoStatuses.some((other) => other.status === chosen)
    ) {
      throw new ResponseContractViolation(name, [
        { path: "", message: `answered ${chosen}, which the endpoint does not declare` },
      ]);
    }
    if (endpoint.response.status === 204) {
      res.status(204).end();
    } else {
      res.status(chosen ?? endpoint.response.status).json(output);
    }
  });
}

/**
 * Mounts several endpoints, each handler typed by its own endpoint: `mountEndpoints(router, [[getVendor, async ({
 * params }) => ...], ...])`.
 */
export function mountEndpoints<const T extends readonly AnyEndpoint[]>(
  router: Router,
  routes: { readonly [K in keyof T]: EndpointRoute<T[K]> },
): void {
  for (const [endpoint, handler] of routes as readonly EndpointRoute[]) mountEndpoint(router, endpoint, handler);
}

async function assertResponseContract(endpoint: AnyEndpoint, name: string, output: unknown): Promise<void> {
  const schema = endpoint.response.schema;
  if (!schema) {
    if (output !== undefined)
      throw new ResponseContractViolation(name, [
        { path: "", message: `a ${endpoint.response.status} has no body, the handler returned one` },
      ]);
    return;
  }
  // What goes on the wire is the JSON of the value, so check that (a Date becomes a string).
  const wire: unknown = output === undefined ? undefined : JSON.parse(JSON.stringify(output));
  const result = await schema.safeParseAsync(wire);
  if (!result.success) throw new ResponseContractViolation(name, toFieldIssues(result.error));
  const undeclared = undeclaredFields(wire, result.data);
  if (undeclared.length > 0) {
    throw new ResponseContractViolation(
      name,
      undeclared.map((path) => ({
        path,
        message: "field not declared in the response schema (zod would strip it; the wire would not)",
      })),
    );
  }
}

/**
 * Fields present in what the handler sent and absent from what the schema kept: a zod object
 * strips unknown keys when parsing, but the handler's own value is what goes out, so a stray
 * field (a password hash on a row returned as is) would leak. Loose objects and records keep
 * their keys, so they never show up here.
 */
function undeclaredFields(sent: unknown, kept: unknown, path: string[] = []): string[] {
  if (Array.isArray(sent) && Array.isArray(kept)) {
    return sent.flatMap((item, index) => undeclaredFields(item, kept[index], [...path, String(index)]));
  }
  if (!isPlainObject(sent) || !isPlainObject(kept)) return [];
  return Object.keys(sent).flatMap((key) =>
    key in kept
      ? undeclaredFields(sent[key], kept[key], [...path, key])
      : sent[key] === undefined
        ? []
        : [[...path, key].join(".")],
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * `?tag=a&tag=b` arrives as an array but `?tag=a` as a string: wrap the lone value of a field the
 * query schema declares as an array, so one value and several parse alike.
 */
function listsInQuery(schema: z.ZodObject, query: unknown): unknown {
  if (!isPlainObject(query)) return query;
  const result: Record<string, unknown> = { ...query };
  for (const [key, field] of Object.entries(schema.shape)) {
    if (typeof result[key] === "string" && isArraySchema(field as z.ZodType)) result[key] = [result[key]];
  }
  return result;
}

function isArraySchema(schema: z.ZodType): boolean {
  const def = schema.def as { type: string; innerType?: z.ZodType; in?: z.ZodType };
  if (def.type === "array") return true;
  if (def.innerType) return isArraySchema(def.innerType); // optional, nullable, default, catch...
  if (def.type === "pipe" && def.in) return isArraySchema(def.in);
  return false;
}
