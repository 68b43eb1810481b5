import { request } from "node:http";
import type { Json } from "./json.js";

export interface RawAnswer {
  status: number;
  /** The Content-Type header, "" when absent. */
  type: string;
  /** The parsed JSON body, undefined when empty. */
  body: Json;
}

/** A GET with its path exactly as written: fetch would resolve `..` and `.` segments before sending it. */
export function rawGetAt(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: "GET", headers }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () =>
        resolve({
          status: res.statusCode!,
          type: res.headers["content-type"] ?? "",
          body: text ? JSON.parse(text) : undefined,
        }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}
