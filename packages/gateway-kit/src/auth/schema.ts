import { join } from "node:path";

/**
 * The gateway kit's identity tables (`auth_session`, `auth_login_failure`): the canonical
 * `prisma/identity.prisma` and `prisma/migrations/` of this package, copied into every gateway
 * (`identity: true` in scripts/lib/services.cjs) by `node scripts/new-service.mjs --sync-platform`
 * as `prisma/schema/identity.prisma` and `prisma/migrations/<timestamp>_identity_<name>/`.
 * A gateway's schema test passes it to `expectDatabaseMatchesSchema(dir, { kits: [identitySchema] })`.
 */
export const identitySchema = {
  kitDir: join(__dirname, "../.."),
  schemaFile: "identity.prisma",
  /** `20261203000000_gateway_identity` → `20261203000000_identity_gateway_identity` (the sync script's rule). */
  migrationFolder: identityMigrationFolder,
};

export function identityMigrationFolder(kitFolder: string): string {
  return kitFolder.replace(/^(\d+)_/, "$1_identity_");
}
