import type { Actor, AuditEventInput } from "../audit/types.js";
import { localDate } from "../clock.js";
import { docName, docText, regNumber } from "../documents/schemas.js";
import type { Signatory } from "../documents/types.js";
import { ValidationError } from "../errors.js";
import { newId } from "../ids.js";
import { adoptionTxItem, draftCheckTxItem } from "../regulation/lifecycle.js";
import { RegulationRepository } from "../regulation/regulation-repository.js";
import { canBeAdoptedByCouncil } from "../regulation/rules.js";
import { assertTransition } from "../regulation/state.js";
import type { Services } from "../services.js";
import { StaffRepository } from "../staff/staff-repository.js";
import type { TxItem } from "../storage/database.js";
import { isoDate, parseInput, z } from "../validation.js";
import { CouncilRulesRepository } from "./council-rules-repository.js";
import { MEETING_OWNER, meetingKey, protocolKey } from "./keys.js";
import { checkProtocolPdf } from "./pdf-check.js";
import { discardIncomingProtocol, type IncomingProtocol, readIncomingProtocol } from "./protocol-upload.js";
import { evaluateMeeting } from "./rules.js";
import type { CouncilMeeting, MeetingOutcome } from "./types.js";

/** A count typed into a form or sent as JSON: a whole number 0…1000. */
const count = (label: string) =>
  z.preprocess(
    (v) => (typeof v === "string" && /^\s*\d{1,6}\s*$/.test(v) ? Number(v) : v === "" ? undefined : v),
    z
      .number({ error: (i) => (i.input === undefined ? `Укажите: ${label}` : "Целое неотрицательное число") })
      .int("Целое неотрицательное число")
      .min(0, "Не меньше 0")
      .max(1000, "Не больше 1000"),
  );

const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), docText(max).optional());

export const meetingInputSchema = z
  .object({
    versionId: z.uuid("Выберите редакцию Положения"),
    date: isoDate,
    protocolNumber: regNumber,
    membersTotal: count("членов совета всего").pipe(
      z.number().min(1, "В совете должен быть хотя бы один член"),
    ),
    membersPresent: count("присутствовало"),
    votesFor: count("голосов «за»"),
    votesAgainst: count("голосов «против»"),
    votesAbstained: count("воздержавшихся"),
    chair: docName,
    secretary: docName,
    /** Wording of the agenda item; default: «О принятии Положения … (редакция № N)». */
    agendaItem: optionalText(2000),
    /** «СЛУШАЛИ»: who reported. */
    heard: optionalText(10_000),
  })
  .superRefine((d, ctx) => {
    // Inconsistent numbers are an error of the record, not a "not adopted" decision.
    if (d.membersPresent > d.membersTotal) {
      ctx.addIssue({
        code: "custom",
        path: ["membersPresent"],
        message: `Присутствующих (${d.membersPresent}) больше, чем членов совета (${d.membersTotal})`,
      });
    }
    const voted = d.votesFor + d.votesAgainst + d.votesAbstained;
    if (voted > d.membersPresent) {
      ctx.addIssue({
        code: "custom",
        path: ["votesFor"],
        message: `Голосов (${d.votesFor} + ${d.votesAgainst} + ${d.votesAbstained} = ${voted}) больше, чем присутствующих (${d.membersPresent})`,
      });
    }
  });
export type MeetingInput = z.input<typeof meetingInputSchema>;

export interface ProtocolUpload {
  bytes: Uint8Array;
  /** Only kept for the download name; the content decides whether it is a PDF. */
  filename?: string;
}

export interface RecordedMeeting {
  meetingId: string;
  outcome: MeetingOutcome;
  reason: string;
  extractDocumentId: string | null;
}

const DEFAULT_AGENDA = (no: number) =>
  `О принятии Положения об использовании информационно-коммуникационной образовательной платформы «Сферум» в национальном мессенджере «MAX» (редакция № ${no})`;
const DEFAULT_DECISION = (no: number) =>
  `Принять Положение об использовании информационно-коммуникационной образовательной платформы «Сферум» в национальном мессенджере «MAX» (редакция № ${no}) и представить его на утверждение директору.`;
const REJECTED_DECISION = "Решение не принято.";

/**
 * Records a meeting of the pedagogical council about the regulation (clause 1.3: the council
 * adopts it): validates the numbers and the protocol scan, applies the organisation's
 * quorum and majority rules, stores the scan (as is, under its hash), and — when adopted — issues
 * the signed protocol extract and moves the version to "adopted", all in one transaction. A
 * meeting without quorum or majority is recorded as "not adopted"; the version stays a draft.
 * Nothing is stored when the input or the file is refused.
 */
export async function recordMeeting(
  services: Services,
  input: MeetingInput,
  upload: ProtocolUpload | IncomingProtocol | undefined,
  actor: Actor,
): Promise<RecordedMeeting> {
  const plan = await planMeeting(services, input, actor);
  const { data, version, rules, evaluation, outcome, agendaItem, decision, votes, certifier } = plan;
  if (!upload)
    throw new ValidationError("Приложите скан подписанного протокола (PDF)", {
      protocol: ["Приложите файл"],
    });
  // A scan the browser put in incoming/ (presigned POST) is checked like a direct upload; a
  // refused one is deleted there. The incoming object goes once the meeting is recorded.
  const incomingKey = "incomingKey" in upload ? upload.incomingKey : undefined;
  const protocol: ProtocolUpload =
    incomingKey !== undefined
      ? { bytes: await readIncomingProtocol(services, incomingKey) }
      : (upload as ProtocolUpload);
  if (incomingKey === undefined) checkProtocolPdf(protocol.bytes);
  const meetingId = newId();

  // S3 first (content-addressed), then one transaction: a failure leaves no record behind.
  const scan = await services.objects.put("uploads", protocol.bytes, {
    contentType: "application/pdf",
    metadata: { kind: "council-protocol", meeting: meetingId },
  });
  const prepared = certifier
    ? await services.documents.prepare({
        ...extractInput(services, plan, certifier, actor),
        owner: { type: MEETING_OWNER, id: meetingId },
      })
    : undefined;

  const now = services.now().toISOString();
  const meeting: CouncilMeeting = {
    entity: "council-meeting",
    meetingId,
    date: data.date,
    protocolNumber: data.protocolNumber,
    membersTotal: data.membersTotal,
    membersPresent: data.membersPresent,
    votes,
    versionId: version.versionId,
    versionNo: version.no,
    agendaItem,
    ...(data.heard ? { heard: data.heard } : {}),
    decision,
    chair: data.chair,
    secretary: data.secretary,
    quorum: evaluation.quorum,
    majority: evaluation.majority,
    outcome,
    reason: evaluation.reason,
    rules,
    protocolScan: { ...scan, ...(protocol.filename ? { filename: protocol.filename.slice(0, 200) } : {}) },
    ...(prepared ? { extractDocumentId: prepared.documentId } : {}),
    createdAt: now,
    createdBy: actor,
  };

  const items: TxItem[] = [
    {
      put: { ...protocolKey(services.config.orgId, data.date, data.protocolNumber), meetingId },
      condition: "attribute_not_exists(pk)",
      onConflict: () => protocolTaken(data.protocolNumber),
    },
    {
      put: { ...meetingKey(services.config.orgId, meetingId), ...meeting },
      condition: "attribute_not_exists(pk)",
    },
    prepared
      ? adoptionTxItem(
          services.config.orgId,
          version,
          {
            meetingId,
            date: data.date,
            protocolNumber: data.protocolNumber,
            extractDocumentId: prepared.documentId,
          },
          now,
        )
      : draftCheckTxItem(services.config.orgId, version),
    ...(prepared?.txItems ?? []),
  ];
  const events: AuditEventInput[] = [
    {
      actor,
      action: "council.meeting_recorded",
      entityType: "council_meeting",
      entityId: meetingId,
      after: outcome,
      details: {
        versionId: version.versionId,
        protocolNumber: data.protocolNumber,
        membersTotal: data.membersTotal,
        membersPresent: data.membersPresent,
        votesFor: votes.for,
        votesAgainst: votes.against,
        votesAbstained: votes.abstained,
        protocolSha256: scan.sha256,
      },
    },
  ];
  if (prepared) {
    events.push(
      {
        actor,
        action: "regulation.adopted",
        entityType: "regulation_version",
        entityId: version.versionId,
        before: "draft",
        after: "adopted",
        details: { meetingId, protocolNumber: data.protocolNumber, extractDocumentId: prepared.documentId },
      },
      prepared.auditEvent,
    );
  }
  await services.db.transact(items, events);
  if (incomingKey !== undefined) await discardIncomingProtocol(services, incomingKey);
  return { meetingId, outcome, reason: evaluation.reason, extractDocumentId: prepared?.documentId ?? null };
}

/** What a meeting's record checks and decides before anything is stored (record and preview share it). */
async function planMeeting(services: Services, input: MeetingInput, actor: Actor) {
  const data = parseInput(meetingInputSchema, input);
  if (data.date > localDate(services.now(), services.config.timeZone)) {
    throw new ValidationError("Дата заседания не может быть позже сегодняшней", {
      date: ["Дата ещё не наступила"],
    });
  }
  const regulation = new RegulationRepository(services);
  const version = await regulation.require(data.versionId);
  // Only a draft goes before the council; adopting an adopted or in-force version again is refused.
  if (!canBeAdoptedByCouncil(version)) assertTransition(version.state, "adopted");

  const rules = await new CouncilRulesRepository(services).get();
  const votes = { for: data.votesFor, against: data.votesAgainst, abstained: data.votesAbstained };
  const evaluation = evaluateMeeting(
    { membersTotal: data.membersTotal, membersPresent: data.membersPresent, votes },
    rules,
  );
  const outcome: MeetingOutcome = evaluation.adopted ? "adopted" : "not_adopted";
  const agendaItem = data.agendaItem ?? DEFAULT_AGENDA(version.no);
  const decision = evaluation.adopted ? DEFAULT_DECISION(version.no) : REJECTED_DECISION;
  const certifier = evaluation.adopted ? await extractCertifier(services, actor, data.secretary) : undefined;
  return { data, version, rules, evaluation, outcome, agendaItem, decision, votes, certifier };
}
type MeetingPlan = Awaited<ReturnType<typeof planMeeting>>;

/** The protocol extract's document input (without its owner, the meeting's id). */
function extractInput(
  services: Services,
  plan: MeetingPlan,
  certifier: NonNullable<MeetingPlan["certifier"]>,
  actor: Actor,
) {
  const { data, evaluation, agendaItem, votes, decision } = plan;
  return {
    type: "protocol-extract" as const,
    data: {
      meetingDate: data.date,
      protocolNumber: data.protocolNumber,
      membersTotal: data.membersTotal,
      membersPresent: data.membersPresent,
      quorum: evaluation.quorum,
      agendaItem,
      ...(data.heard ? { heard: data.heard } : {}),
      votes,
      adopted: true,
      decision,
      chair: data.chair,
      secretary: data.secretary,
      certification: {
        name: certifier.fullName,
        position: certifier.position,
        date: localDate(services.now(), services.config.timeZone),
      },
    },
    // An extract reproduces the protocol's date and number (its header says whose extract it
    // is); its own date is the certification's, printed under «Верно».
    number: data.protocolNumber,
    date: data.date,
    title: `Выписка из протокола заседания педагогического совета № ${data.protocolNumber}`,
    ...(certifier.signatory ? { signatory: certifier.signatory } : {}),
    actor,
  };
}

/** What the secretary sees before recording: the decision the numbers give, and the extract's draft. */
export interface MeetingPreview {
  outcome: MeetingOutcome;
  reason: string;
  quorum: boolean;
  majority: boolean;
  versionNo: number;
  /** The protocol extract marked «ПРОЕКТ» (only when the version is adopted). */
  extract?: Uint8Array;
}

/**
 * The meeting as recordMeeting would record it, without the scan and without writing anything:
 * the same checks (numbers, date, the version a draft, the protocol number free) and, when the
 * council adopts the version, the protocol extract as a draft («ПРОЕКТ», unsigned, no QR).
 */
export async function previewMeeting(
  services: Services,
  input: MeetingInput,
  actor: Actor,
  opts: { extract?: boolean } = {},
): Promise<MeetingPreview> {
  const plan = await planMeeting(services, input, actor);
  const { data, evaluation } = plan;
  const taken = await services.db.get(
    protocolKey(services.config.orgId, data.date, data.protocolNumber),
    true,
  );
  if (taken) throw protocolTaken(data.protocolNumber);
  const extract =
    plan.certifier && opts.extract !== false
      ? (
          await services.documents.preview({
            ...extractInput(services, plan, plan.certifier, actor),
            owner: { type: MEETING_OWNER, id: "preview" },
          })
        ).bytes
      : undefined;
  return {
    outcome: plan.outcome,
    reason: evaluation.reason,
    quorum: evaluation.quorum,
    majority: evaluation.majority,
    versionNo: plan.version.no,
    ...(extract ? { extract } : {}),
  };
}

const protocolTaken = (number: string) =>
  new ValidationError(`Протокол № ${number} от этой даты уже зарегистрирован`, {
    protocolNumber: ["Протокол с таким номером и датой уже внесён"],
  });

/** The position in the certification «Верно» of an extract (nominative, ГОСТ Р 7.0.97). */
export const CERTIFIER_POSITION = "Секретарь педагогического совета";

/**
 * Who certifies the extract («Верно», signature, расшифровка, date) and signs it in the service:
 * the council secretary recording the meeting (their staff record); for a record made by a tool
 * without a staff actor, the secretary named in the protocol, with no personal signature claimed.
 */
async function extractCertifier(
  services: Services,
  actor: Actor,
  protocolSecretary: string,
): Promise<{ fullName: string; position: string; signatory?: Signatory }> {
  const member = actor.type === "staff" ? await new StaffRepository(services).get(actor.id) : undefined;
  if (!member) return { fullName: protocolSecretary, position: CERTIFIER_POSITION };
  return {
    fullName: member.fullName,
    position: CERTIFIER_POSITION,
    signatory: {
      fullName: member.fullName,
      position: CERTIFIER_POSITION,
      method: "staff-session",
      signedAt: services.now().toISOString(),
    },
  };
}
