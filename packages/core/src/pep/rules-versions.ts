import type { Actor } from "../audit/types.js";
import { ruDate } from "../clock.js";
import type { PepAudience, PepStamp, Signatory } from "../documents/types.js";
import { ConflictError } from "../errors.js";
import type { Services } from "../services.js";
import { parseInput, z } from "../validation.js";
import { PEP_RULES_OWNER } from "./keys.js";
import { PepRulesRepository } from "./pep-rules-repository.js";
import { PEP_AUDIENCE_TITLES } from "./template-context.js";
import type { PepRulesVersion } from "./types.js";

/**
 * The rules of the simple electronic signature (63-FZ art. 9 p. 2: «правила определения лица,
 * подписывающего электронный документ», the signer's duty to keep the key secret): versioned
 * documents of the college, one series per audience. Version 1 of each is issued by the service on
 * first need (or by the seed); later versions by the director (API, CLI). Every document a person
 * signs cites the version in force (DocumentService.prepare stamps it).
 */

const SYSTEM: Actor = { type: "system", id: "pep-rules" };

/** Registration numbers of the versions: «ПЭП-Р-1» (родители), «ПЭП-Р-2», «ПЭП-С-1» (сотрудники). */
const NUMBER_PREFIX: Record<PepAudience, string> = { parents: "ПЭП-Р", staff: "ПЭП-С" };

/** Public URL of one version's PDF. */
export const pepRulesUrl = (publicBaseUrl: string, audience: PepAudience, version: number) =>
  `${publicBaseUrl}/pep-rules/${audience}/${version}.pdf`;

/** What documents print about the rules their signatory signed under. */
export function pepStamp(publicBaseUrl: string, v: PepRulesVersion): PepStamp {
  return {
    audience: v.audience,
    version: v.version,
    date: v.date,
    documentId: v.documentId,
    url: pepRulesUrl(publicBaseUrl, v.audience, v.version),
    reference: `Правилами использования простой электронной подписи ${PEP_AUDIENCE_TITLES[v.audience]} (редакция № ${v.version} от ${ruDate(v.date)})`,
  };
}

export interface IssueOptions {
  /** The director issuing the version (printed and signed); absent: the service's first version. */
  approvedBy?: { name: string; position: string };
  signatory?: Signatory;
  /** An edited text of the rules (a full template, templates/README.md) instead of templates/pep-rules.md. */
  templateSource?: string;
}

/** Issues the next version for `audience`: its signed PDF, the version record, the pointer, the audit. */
export async function issuePepRules(
  services: Services,
  audience: PepAudience,
  actor: Actor,
  opts: IssueOptions = {},
): Promise<PepRulesVersion> {
  const repo = new PepRulesRepository(services);
  const previous = await repo.current(audience, true);
  const version = (previous?.version ?? 0) + 1;
  const prepared = await services.documents.prepare({
    type: "pep-rules",
    data: {
      audience,
      version,
      ...(previous ? { replaces: { version: previous.version, date: previous.date } } : {}),
      ...(opts.approvedBy ? { approvedBy: opts.approvedBy } : {}),
    },
    number: `${NUMBER_PREFIX[audience]}-${version}`,
    owner: { type: PEP_RULES_OWNER, id: audience },
    supersedes: previous ? [previous.documentId] : undefined,
    ...(opts.signatory ? { signatory: opts.signatory } : {}),
    // The rules do not cite rules: a version is the college's act, sealed by the organisation.
    pep: null,
    templateSource: opts.templateSource,
    actor,
  });
  const next: PepRulesVersion = {
    audience,
    version,
    documentId: prepared.documentId,
    number: prepared.number,
    date: prepared.date,
    issuedAt: prepared.record.createdAt,
    issuedBy: actor,
  };
  await services.db.transact(
    [...repo.issueItems(next, previous), ...prepared.txItems],
    [
      prepared.auditEvent,
      {
        actor,
        action: "pep-rules.issued",
        entityType: "pep-rules",
        entityId: audience,
        before: previous ? String(previous.version) : null,
        after: String(version),
        details: { documentId: prepared.documentId, number: prepared.number },
      },
    ],
  );
  return next;
}

// One first issue per audience and process at a time: concurrent first signatures wait for it.
const firstIssues = new Map<string, Promise<PepRulesVersion>>();

/** The version in force for `audience`; version 1 is issued now if there is none yet. */
export async function currentPepRules(services: Services, audience: PepAudience): Promise<PepRulesVersion> {
  const repo = new PepRulesRepository(services);
  const current = await repo.current(audience, true);
  if (current) return current;
  const key = `${services.config.tableName}|${services.config.orgId}|${audience}`;
  let pending = firstIssues.get(key);
  if (!pending) {
    pending = issuePepRules(services, audience, SYSTEM)
      .catch(async (error) => {
        // Another process issued it first: that version stands.
        if (!(error instanceof ConflictError)) throw error;
        const winner = await repo.current(audience, true);
        if (!winner) throw error;
        return winner;
      })
      .finally(() => firstIssues.delete(key));
    firstIssues.set(key, pending);
  }
  return pending;
}

/** The stamp of the version in force (DocumentServiceDeps.pepRules). */
export async function currentPepStamp(services: Services, audience: PepAudience): Promise<PepStamp> {
  return pepStamp(services.config.publicBaseUrl, await currentPepRules(services, audience));
}

/** A new version as the director issues it (API, CLI): for whom, and optionally an edited text. */
export const pepRulesIssueSchema = z.object({
  audience: z.enum(["parents", "staff"], "Для кого правила: parents (родители) или staff (работники)"),
  templateSource: z
    .string()
    .max(1024 * 1024, "Текст правил больше 1 МБ")
    .optional(),
});

/** The director issues the next version: printed as approved by them and signed in their session. */
export async function issuePepRulesAsDirector(
  services: Services,
  input: z.input<typeof pepRulesIssueSchema>,
  director: { fullName: string; position: string },
  actor: Actor,
): Promise<PepRulesVersion> {
  const { audience, templateSource } = parseInput(pepRulesIssueSchema, input);
  return issuePepRules(services, audience, actor, {
    approvedBy: { name: director.fullName, position: director.position },
    signatory: {
      fullName: director.fullName,
      position: director.position,
      method: "staff-session",
      signedAt: services.now().toISOString(),
    },
    templateSource,
  });
}
