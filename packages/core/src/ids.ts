import { createHash, randomBytes, randomUUID } from "node:crypto";

/** Entity ids: random, so ids that appear in URLs (documents, requests) cannot be enumerated. */
export const newId = (): string => randomUUID();

/** A bearer secret for links: 128 bits from the CSPRNG, URL-safe (22 characters). */
export const newToken = (bytes = 16): string => randomBytes(bytes).toString("base64url");

/** Tokens are stored only as this hash. */
export const tokenHash = (token: string): string => createHash("sha256").update(token, "utf8").digest("hex");
