import { ConfigError } from "@mkt/service-kit";
import type { VendorKycConfig } from "../app/deps.js";
import type { DocumentStorage } from "./document-storage.js";
import { localDocumentStorage } from "./local-storage.js";
import { s3DocumentStorage } from "./s3-storage.js";

export { documentKey, type DocumentStorage } from "./document-storage.js";
export { localDocumentStorage } from "./local-storage.js";
export { s3DocumentStorage } from "./s3-storage.js";

/** The storage the settings choose; with KYC_STORAGE=s3, every missing S3 setting is named at once. */
export function createDocumentStorage(config: VendorKycConfig): DocumentStorage {
  if (config.KYC_STORAGE === "local") return localDocumentStorage(config.KYC_DOCUMENTS_DIR);
  const required = {
    S3_BUCKET: config.S3_BUCKET,
    S3_ACCESS_KEY_ID: config.S3_ACCESS_KEY_ID,
    S3_SECRET_ACCESS_KEY: config.S3_SECRET_ACCESS_KEY,
  };
  const missing = Object.entries(required).filter(([, value]) => !value);
  if (missing.length > 0)
    throw new ConfigError(missing.map(([variable]) => ({ variable, message: "required when KYC_STORAGE=s3" })));
  return s3DocumentStorage({
    endpoint: config.S3_ENDPOINT,
    bucket: required.S3_BUCKET!,
    region: config.S3_REGION,
    accessKeyId: required.S3_ACCESS_KEY_ID!,
    secretAccessKey: required.S3_SECRET_ACCESS_KEY!,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
  });
}
