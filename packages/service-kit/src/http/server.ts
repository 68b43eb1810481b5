import { STATUS_CODES, type Server } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { Express } from "express";

export function listen(app: Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, "0.0.0.0", (error?: Error) => (error ? reject(error) : resolve(server)));
    // Longer than any caller keeps an idle connection (undici reads the Keep-Alive hint and closes
    // a second before it; load balancers idle out at 60 s): a server closing a socket just as a
    // caller reuses it is an ECONNRESET the caller does not retry.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    server.on("clientError", answerUnparsableRequest);
    trackConnections(server);
  });
}

/** Per server: each open connection and how many of its responses are not finished yet. */
const connections = new WeakMap<Server, { open: Map<Socket, number>; closing: boolean }>();

function trackConnections(server: Server): void {
  const state = { open: new Map<Socket, number>(), closing: false };
  connections.set(server, state);
  server.on("connection", (socket: Socket) => {
    state.open.set(socket, 0);
    socket.once("close", () => state.open.delete(socket));
  });
  server.on("request", (req, res) => {
    const socket = req.socket;
    state.open.set(socket, (state.open.get(socket) ?? 0) + 1);
    res.once("close", () => {
      const pending = (state.open.get(socket) ?? 1) - 1;
      state.open.set(socket, pending);
      if (state.closing && pending === 0) socket.destroy();
    });
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

/**
 * Stops accepting connections and resolves once in-flight requests have been answered: a kept-alive
 * connection closes as soon as it has no response left to send (Node's own `closeIdleConnections`
 * misses one whose request body was never read, and would keep it for the whole keep-alive).
 */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    const state = connections.get(server);
    if (!state) return void server.closeIdleConnections();
    state.closing = true;
    for (const [socket, pending] of state.open) if (pending === 0) socket.destroy();
  });
}
