import { STATUS_CODES, type Server } from "node:http";
import type { Duplex } from "node:stream";
import type { Express } from "express";

export function listen(app: Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, "0.0.0.0", (error?: Error) => (error ? reject(error) : resolve(server)));
    server.keepAliveTimeout = 5_000;
    server.on("clientError", answerUnparsableRequest);
  });
}

/**
 * A request Node's HTTP parser refuses before express sees it (a raw byte ≥ 0x80 or a space in
 * the URL, a malformed header, headers too large) gets a problem+json like every other error,
 * instead of Node's bare `400 Bad Request`, and the connection is closed.
 */
function answerUnparsableRequest(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
  const body = JSON.stringify({
    type:
      status === 400
        ? "/problems/malformed-request"
        : `/problems/${status === 431 ? "headers-too-large" : "request-timeout"}`,
    title: STATUS_CODES[status],
    status,
    detail:
      status === 400
        ? "The request is not valid HTTP (for instance a URL with a raw non-ASCII byte: percent-encode it)."
        : status === 431
          ? "The request's headers are too large."
          : "The request was not received in time.",
  });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Stops accepting connections and resolves once in-flight requests have been answered. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
