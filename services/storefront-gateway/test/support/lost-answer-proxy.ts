import { createServer, request, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { closeServer } from "@mkt/service-kit";

export interface LostAnswerProxy {
  /** Where the gateway is told the service is (`CART_URL`, …). */
  url: string;
  /** The service behind the proxy: set once it has started. */
  target: string;
  /** The next request whose method and path match reaches the service, then its answer is lost. */
  loseNextAnswer(method: string, path: RegExp): void;
  /** Every request the service received through the proxy, with its headers. */
  forwarded: { method: string; path: string; headers: IncomingHttpHeaders }[];
  /** How many answers were lost. */
  lost: number;
  stop(): Promise<void>;
}

/**
 * A proxy between a gateway and a service that can lose one answer: the request reaches the
 * service, which acts on it and answers, then the proxy closes the gateway's kept-alive socket
 * without passing the answer on. That is what the gateway sees when a service closes a connection
 * it was reusing (or the network drops): the effect may have happened, only the key makes a
 * second call harmless.
 */
export async function startLostAnswerProxy(): Promise<LostAnswerProxy> {
  let loseNext: { method: string; path: RegExp } | undefined;
  const proxy: LostAnswerProxy = {
    url: "",
    target: "",
    forwarded: [],
    lost: 0,
    loseNextAnswer: (method, path) => (loseNext = { method: method.toUpperCase(), path }),
    stop: () => closeServer(server),
  };
  const server = createServer((req, res) => {
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    proxy.forwarded.push({ method, path, headers: req.headers });
    const lose = loseNext !== undefined && loseNext.method === method && loseNext.path.test(path);
    if (lose) loseNext = undefined;
    const upstream = request(`${proxy.target}${path}`, { method, headers: req.headers }, (answer) => {
      if (!lose) {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        return;
      }
      // Read the whole answer, so the service is done with the request, then drop the connection.
      answer.resume();
      answer.on("end", () => {
        proxy.lost += 1;
        req.socket.destroy();
      });
    });
    upstream.on("error", () => req.socket.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
