import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, whatever the current directory. */
export const REPO_ROOT = resolve(fileURLToPath(new URL("../../..", import.meta.url)));
export const DATA_DIR = process.env.DATA_DIR ? resolve(process.env.DATA_DIR) : resolve(REPO_ROOT, ".data");
