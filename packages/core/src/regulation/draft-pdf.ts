import { ruDate } from "../clock.js";
import type { Services } from "../services.js";
import { REGULATION_OWNER } from "./keys.js";
import { RegulationRepository } from "./regulation-repository.js";
import type { RegulationVersion } from "./types.js";

/**
 * What the draft of a version is, in words for whoever reads it (staff, or parents before the
 * regulation is approved): printed at the top of the draft's first page.
 */
export function draftStatusNote(version: RegulationVersion): string {
  const base = `ПРОЕКТ редакции № ${version.no}`;
  if (version.adoption) {
    return `${base}: принят педагогическим советом ${ruDate(version.adoption.date)} (протокол № ${version.adoption.protocolNumber}), ещё не утверждён приказом директора и не действует.`;
  }
  return `${base}: ещё не рассмотрен педагогическим советом и не утверждён приказом директора, не действует.`;
}

/**
 * The version's text as a PDF marked «ПРОЕКТ» on every page (documents.preview): readable at every
 * stage, with the council's mark once adopted and blank approval marks. Not stored, not signed.
 */
export async function regulationDraftPdf(
  services: Services,
  version: RegulationVersion,
): Promise<Uint8Array> {
  const text = await new RegulationRepository(services).text(version);
  const adoption = version.adoption
    ? { date: version.adoption.date, protocolNumber: version.adoption.protocolNumber }
    : undefined;
  const draft = await services.documents.preview({
    type: "regulation",
    data: adoption ? { adoption } : {},
    number: `П-${version.no}`,
    owner: { type: REGULATION_OWNER, id: version.versionId },
    templateSource: text,
    draftNote: draftStatusNote(version),
    actor: { type: "system", id: "regulation-draft" },
  });
  return draft.bytes;
}

/**
 * The version parents are shown before any is in force: the newest adopted one, else the newest
 * draft (the one the council will consider). Undefined when there is none.
 */
export function versionForPublicDraft(versions: RegulationVersion[]): RegulationVersion | undefined {
  const newest = (state: RegulationVersion["state"]) =>
    versions.filter((v) => v.state === state).sort((a, b) => b.no - a.no)[0];
  return newest("adopted") ?? newest("draft");
}
