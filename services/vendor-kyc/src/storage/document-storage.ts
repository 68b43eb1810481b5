/**
 * Where KYC documents' bytes live (a port): the database keeps what a document is, this keeps
 * its bytes under a key. Adapters: a local folder (default) and any S3-compatible store.
 * Keys are `<vendorId>/<documentId>`: made by the service, never from a file name.
 */
export interface DocumentStorage {
  /** Stores the bytes under `key`; resolves once they are durable. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The bytes, or null if nothing is stored under `key`. */
  get(key: string): Promise<Uint8Array | null>;
  /** Removes the bytes; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Releases connections, if the adapter holds any. */
  close?(): void;
}

const KEY = /^[0-9a-f-]{36}\/[0-9a-f-]{36}$/;

/** Refuses any key the service would not have made (no path traversal, whatever the adapter). */
export function assertStorageKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`invalid document storage key: ${JSON.stringify(key)}`);
}

export function documentKey(vendorId: string, documentId: string): string {
  return `${vendorId}/${documentId}`;
}
