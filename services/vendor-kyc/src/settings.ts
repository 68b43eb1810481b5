import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";

/**
 * `<repo>/.data/kyc-documents` (gitignored) when run from the repository; `./.data/kyc-documents` elsewhere (an image).
 */
function defaultDocumentsDir(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, "turbo.json"))) return join(dir, ".data", "kyc-documents");
  }
  return resolve(".data", "kyc-documents");
}

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

/**
 * The vendor-kyc service's own settings (validated with the platform's at start). The S3
 * settings are required together when KYC_STORAGE=s3; the storage names any that is missing.
 */
export const vendorKycSettings = {
  /** Where documents' bytes are kept: `local` (a folder) or `s3` (any S3-compatible object store). */
  KYC_STORAGE: z.enum(["local", "s3"]).default("local"),
  /** The folder of the local storage. */
  KYC_DOCUMENTS_DIR: z.string().min(1).default(defaultDocumentsDir()),
  /**
   * e.g. `https://s3.eu-west-3.amazonaws.com` or `http://127.0.0.1:9000` (MinIO); unset: AWS's endpoint for S3_REGION.
   */
  S3_ENDPOINT: z
    .url()
    .optional()
    .or(z.literal("").transform(() => undefined)),
  S3_BUCKET: optionalText,
  S3_REGION: z.string().trim().min(1).default("us-east-1"),
  S3_ACCESS_KEY_ID: optionalText,
  S3_SECRET_ACCESS_KEY: optionalText,
  /** `true` for MinIO and most self-hosted stores (bucket in the path, not the host name). */
  S3_FORCE_PATH_STYLE: z
    .enum(["true", "false", ""])
    .default("false")
    .transform((value) => value === "true"),
};
