import { randomUUID } from "node:crypto";
import { promises as fs } from "node:fs";
import { dirname, join } from "node:path";
import { assertStorageKey, type DocumentStorage } from "./document-storage.js";

/**
 * Documents as files under a folder (`<dir>/<vendorId>/<documentId>`). A put writes a temporary
 * file, flushes it and renames it into place, so a reader never sees half a document.
 */
export function localDocumentStorage(dir: string): DocumentStorage {
  const pathOf = (key: string) => {
    assertStorageKey(key);
    return join(dir, key);
  };
  return {
    async put(key, bytes) {
      const path = pathOf(key);
      await fs.mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${randomUUID()}.tmp`;
      const file = await fs.open(temporary, "w");
      try {
        await file.writeFile(bytes);
        await file.sync();
      } finally {
        await file.close();
      }
      await fs.rename(temporary, path);
    },
    async get(key) {
      try {
        return new Uint8Array(await fs.readFile(pathOf(key)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
    async delete(key) {
      await fs.rm(pathOf(key), { force: true });
    },
  };
}
