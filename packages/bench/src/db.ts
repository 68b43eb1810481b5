import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.js";

export type BenchClient = PrismaClient;

export function createClient(options: { url: string; poolSize: number }): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: options.url, max: options.poolSize }) });
}
