import type { Json } from "./json.js";

/** An HTTP answer as tests read it: the status, the headers and the parsed JSON body (undefined when empty). */
export interface Answer {
  status: number;
  headers: Headers;
  body: Json;
}

/** A JSON request to an API, as a client sends it: `Bearer` token, JSON body, any other headers. */
export async function call(
  url: string,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  return answerOf(response);
}

export interface UploadedFile {
  bytes: Uint8Array;
  filename: string;
  contentType: string;
}

/**
 * A multipart upload, as a browser or `curl -F` sends it: the fields, then the file (in `field`, "file" unless told).
 */
export async function upload(
  url: string,
  path: string,
  options: { token?: string; fields?: Record<string, string>; file?: UploadedFile; field?: string },
): Promise<Answer> {
  const form = new FormData();
  for (const [name, value] of Object.entries(options.fields ?? {})) form.append(name, value);
  if (options.file)
    form.append(
      options.field ?? "file",
      new Blob([options.file.bytes], { type: options.file.contentType }),
      options.file.filename,
    );
  const response = await fetch(`${url}${path}`, {
    method: "POST",
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    body: form,
  });
  return answerOf(response);
}

export interface Download extends Answer {
  bytes: Uint8Array;
}

/** A download: the status, the headers and the bytes (and the parsed problem when it is one). */
export async function download(url: string, path: string, token?: string): Promise<Download> {
  const response = await fetch(`${url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const isProblem = (response.headers.get("content-type") ?? "").includes("json");
  return {
    status: response.status,
    headers: response.headers,
    bytes,
    body: (isProblem ? JSON.parse(Buffer.from(bytes).toString("utf8")) : undefined) as Json,
  };
}

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as Json };
}
