import busboy from "busboy";
import type { Request, Response } from "express";
import type { FieldIssue, FileContent, FileResponseSpec, UploadSpec } from "@mkt/contracts";
import { DomainError } from "./problems.js";

/** What an upload request carried: its text fields (for the endpoint's body schema) and its one file. */
export interface MultipartForm {
  fields: Record<string, string>;
  file?: FileContent;
  /** Problems found while reading, reported with the body's own validation issues. */
  issues: FieldIssue[];
}

const MAX_FIELDS = 50;
const MAX_FIELD_BYTES = 64 * 1024;

/**
 * busboy decodes a part's bytes as UTF-8 and replaces what is not (a lone surrogate's bytes, a
 * Latin-1 byte) with U+FFFD, silently changing what was sent; the raw bytes are not kept to check.
 * So in a form, U+FFFD itself is refused: it is the mark of text that was damaged on its way.
 */
const REPLACEMENT_CHARACTER = "\ufffd";
const NOT_UTF8 = "must be valid UTF-8 (bytes that are not text, or U+FFFD, the mark of text damaged on its way)";

/**
 * Reads a `multipart/form-data` request as an upload endpoint declares it: the file of
 * `spec.field` (at most `spec.maxBytes`, held in memory: uploads here are documents, not videos)
 * and the other text fields. Anything else is the client's error: not multipart → 415, a file
 * over the limit → 413, a second file or a file in another field → a validation issue.
 */
export function readMultipartForm(req: Request, spec: UploadSpec): Promise<MultipartForm> {
  if (!req.is("multipart/form-data")) {
    return Promise.reject(
      new DomainError({
        slug: "unsupported-media-type",
        status: 415,
        title: "Unsupported media type",
        detail: `This endpoint takes multipart/form-data with the file in the "${spec.field}" field.`,
      }),
    );
  }
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    const issues: FieldIssue[] = [];
    let file: FileContent | undefined;
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      req.resume(); // drain what is left so the connection can answer
      reject(error);
    };

    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: "utf8",
        limits: { fileSize: spec.maxBytes, files: 2, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES },
      });
    } catch (error) {
      reject(
        new DomainError({
          slug: "malformed-multipart",
          status: 400,
          title: "Malformed multipart body",
          detail: (error as Error).message,
        }),
      );
      return;
    }
    parser.on("field", (name, value, info) => {
      if (info.valueTruncated) issues.push({ path: name, message: `at most ${MAX_FIELD_BYTES} bytes` });
      else {
        if (name.includes(REPLACEMENT_CHARACTER) || value.includes(REPLACEMENT_CHARACTER))
          issues.push({ path: name, message: NOT_UTF8 });
        fields[name] = value;
      }
    });
    const malformed = (error: Error) =>
      fail(
        new DomainError({
          slug: "malformed-multipart",
          status: 400,
          title: "Malformed multipart body",
          detail: error.message,
        }),
      );
    parser.on("file", (name, stream, info) => {
      // A body cut short ("Unexpected end of form") errors the file's own stream too: an `error`
      // event with no listener would throw outside the request and stop the process.
      stream.on("error", malformed);
      if ((info.filename ?? "").includes(REPLACEMENT_CHARACTER))
        issues.push({ path: name, message: `its file name ${NOT_UTF8}` });
      if (name !== spec.field || file) {
        issues.push({
          path: name,
          message: name === spec.field ? "send one file only" : `files go in the "${spec.field}" field`,
        });
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("limit", () =>
        fail(
          new DomainError({
            slug: "payload-too-large",
            status: 413,
            title: "Payload too large",
            detail: `The file exceeds the limit of ${spec.maxBytes} bytes.`,
          }),
        ),
      );
      stream.on("end", () => {
        if (failed) return;
        file = { filename: info.filename ?? "", contentType: info.mimeType, bytes: Buffer.concat(chunks) };
      });
    });
    parser.on("fieldsLimit", () => issues.push({ path: "", message: `at most ${MAX_FIELDS} form fields` }));
    parser.on("error", malformed);
    // The client went away or the socket broke mid-upload: nothing to answer, nothing to crash.
    req.on("error", malformed);
    parser.on("close", () => {
      if (failed) return;
      if (!file) issues.push({ path: spec.field, message: "a file is required" });
      resolve({ fields, file, issues });
    });
    req.pipe(parser);
  });
}

/** Sends a file answer: its own media type, as an attachment, never sniffed into something else. */
export function sendFile(res: Response, status: number, file: FileContent): void {
  res
    .status(status)
    .type(file.contentType)
    .set("Content-Disposition", contentDisposition(file.filename))
    .set("X-Content-Type-Options", "nosniff")
    .send(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
}

/** RFC 6266: an ASCII fallback and the exact UTF-8 name. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_") || "file";
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** The filename of a `Content-Disposition` answer (`filename*` preferred), or undefined. */
export function filenameOf(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]!.trim());
    } catch {
      /* fall back to the plain name */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain?.[1];
}

/** A file answer outside what its endpoint declares is our bug, like any response contract violation. */
export function fileContractIssues(spec: FileResponseSpec, output: unknown): FieldIssue[] {
  const file = output as Partial<FileContent> | undefined;
  const issues: FieldIssue[] = [];
  if (!file || typeof file !== "object")
    return [{ path: "", message: "a file response returns { filename, contentType, bytes }" }];
  if (typeof file.filename !== "string") issues.push({ path: "filename", message: "a string" });
  if (!(file.bytes instanceof Uint8Array)) issues.push({ path: "bytes", message: "a Uint8Array (or Buffer)" });
  if (typeof file.contentType !== "string" || !spec.contentTypes.includes(file.contentType)) {
    issues.push({ path: "contentType", message: `one of ${spec.contentTypes.join(", ")}` });
  }
  return issues;
}
