-- The application a pending vendor user sent, kept until vendor-kyc has recorded it: the next
-- sign-in finishes it (a repeated POST /applications no longer checks the password).
ALTER TABLE "vendor_user" ADD COLUMN IF NOT EXISTS "application" JSONB;
