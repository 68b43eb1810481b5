import type { Server } from "node:http";
import type { Express } from "express";

export function listen(app: Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, "0.0.0.0", (error?: Error) => (error ? reject(error) : resolve(server)));
    server.keepAliveTimeout = 5_000;
  });
}

/** Stops accepting connections and resolves once in-flight requests have been answered. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
