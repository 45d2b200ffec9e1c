import { mayReadDocumentType } from "@soglasie/core/documents/records/access";
import { REGULATION_OWNER } from "@soglasie/core/regulation/keys";
import type { Context } from "hono";
import type { ServicesEnv, StaffEnv } from "../../http/env.js";
import { redirectToDownload } from "../../http/exports.js";

/** Lifetime of download links handed out by these pages. */
const LINK_TTL_SECONDS = 300;

/** A 302 to a short-lived link of a signed document. */
export async function documentRedirect<E extends ServicesEnv>(c: Context<E>, documentId: string) {
  return redirectToDownload(c, await c.get("services").documents.downloadUrl(documentId, LINK_TTL_SECONDS));
}

/** Which documents of this area each role may download (the regulation itself: everyone on staff). */
export async function mayDownload(c: Context<StaffEnv>, documentId: string): Promise<boolean> {
  const record = await c.get("services").documents.get(documentId);
  if (!record || (record.type === "regulation" && record.owner.type !== REGULATION_OWNER)) return false;
  return mayReadDocumentType(c.get("user").roles, record.type);
}
