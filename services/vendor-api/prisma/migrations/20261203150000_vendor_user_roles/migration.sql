-- A vendor's users by role (owner, admin, sales, operations, finance): which emails they receive
-- and who manages the others. Every existing user applied for its vendor, so it is its owner.
-- `active` false: the user can no longer sign in or refresh, and receives no email.
ALTER TABLE "vendor_user" ADD COLUMN IF NOT EXISTS "role" TEXT NOT NULL DEFAULT 'owner';
ALTER TABLE "vendor_user" ALTER COLUMN "role" DROP DEFAULT;
ALTER TABLE "vendor_user" ADD COLUMN IF NOT EXISTS "active" BOOLEAN NOT NULL DEFAULT true;
-- The name an owner or admin gave an invited user (the applicant has none).
ALTER TABLE "vendor_user" ADD COLUMN IF NOT EXISTS "name" TEXT;
CREATE INDEX IF NOT EXISTS "vendor_user_vendor_id_idx" ON "vendor_user" ("vendor_id");
