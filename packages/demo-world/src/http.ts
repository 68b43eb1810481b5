// The few HTTP calls a person's browser or script would make against the public gateways.

/**
 * The one type of a parsed JSON body, here and (re-exported by @mkt/testing) in every test: read
 * field by field in assertions (`body.items[0].id`), where `unknown` would need a cast at every step.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Answer {
  status: number;
  body: Json;
}

/** A problem answer where success was expected: the message carries the problem, so a failed seed says why. */
export class UnexpectedAnswer extends Error {
  constructor(
    readonly what: string,
    readonly answer: Answer,
  ) {
    super(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
    this.name = "UnexpectedAnswer";
  }
}

export async function request(
  url: string,
  options: { method?: string; body?: unknown; token?: string; form?: FormData } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(url, {
    method: options.method ?? (options.body !== undefined || options.form ? "POST" : "GET"),
    headers,
    body: options.form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  let body: Json = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: response.status, body };
}

/** The same call, expecting one of `statuses`; anything else throws with the problem. */
export async function expectAnswer(
  what: string,
  statuses: number[],
  url: string,
  options: Parameters<typeof request>[1] = {},
): Promise<Json> {
  const answer = await request(url, options);
  if (!statuses.includes(answer.status)) throw new UnexpectedAnswer(what, answer);
  return answer.body;
}

/** A multipart form with one file and text fields, as a browser's file input sends it. */
export function fileForm(
  file: { bytes: Uint8Array; filename: string; contentType: string },
  fields: Record<string, string | undefined> = {},
): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) form.append(name, value);
  form.append("file", new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.contentType }), file.filename);
  return form;
}
