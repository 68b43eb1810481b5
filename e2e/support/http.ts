// How the e2e tests talk to the gateways and services: JSON in, status and JSON out.
import { eventually as eventuallyWithin } from "@mkt/testing";

/** Polls an assertion until it passes; processes and brokers get 20 s by default. */
export function eventually<T>(assertion: () => T | Promise<T>, timeoutMs = 20_000): Promise<T> {
  return eventuallyWithin(assertion, { timeoutMs, intervalMs: 100 });
}

import type { Json } from "@mkt/testing";

export type { Json };

export async function call(
  url: string,
  options: { method?: string; body?: unknown; token?: string } = {},
): Promise<{ status: number; body: Json }> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(url, {
    method: options.method ?? "GET",
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}
