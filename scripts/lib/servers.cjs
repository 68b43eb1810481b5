// The three servers every service needs, how to tell they are up, and how to start them on a
// Debian machine (the README's "Servers"). Plain CommonJS with no dependencies: it runs
// before `npm ci` (from .ci/run and `npm start`) and from jest (e2e).
const net = require("node:net");

const servers = [
  {
    name: "PostgreSQL",
    env: "DATABASE_ADMIN_URL",
    defaultUrl: "postgresql://postgres@127.0.0.1:5432/postgres",
    defaultPort: 5432,
    startCommand: "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
  },
  {
    name: "NATS (JetStream)",
    env: "NATS_URL",
    defaultUrl: "nats://127.0.0.1:4222",
    defaultPort: 4222,
    startCommand:
      "start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log",
  },
  {
    name: "RabbitMQ",
    env: "AMQP_URL",
    defaultUrl: "amqp://guest:guest@127.0.0.1:5672",
    defaultPort: 5672,
    startCommand: "rabbitmq-server -detached  # then: until rabbitmqctl await_startup; do sleep 1; done",
  },
];

function hostAndPort(server, env) {
  const url = new URL((env[server.env] || server.defaultUrl).split(",")[0]);
  return { host: url.hostname || "127.0.0.1", port: Number(url.port) || server.defaultPort };
}

function canConnect({ host, port }, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** The servers that do not accept TCP connections, each with its address and start command. */
async function findUnreachableServers(env = process.env) {
  const results = await Promise.all(
    servers.map(async (server) => {
      const address = hostAndPort(server, env);
      return (await canConnect(address)) ? null : { ...server, address: `${address.host}:${address.port}` };
    }),
  );
  return results.filter(Boolean);
}

function describeUnreachable(unreachable) {
  return unreachable
    .map((s) => `  - ${s.name} is not reachable at ${s.address} (${s.env}). Start it with:\n      ${s.startCommand}`)
    .join("\n");
}

module.exports = { servers, findUnreachableServers, describeUnreachable, canConnect };
