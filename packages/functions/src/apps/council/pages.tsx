import { directS3Transfers } from "@soglasie/core/config";
import { annulMeeting, mayAnnulMeeting } from "@soglasie/core/council/annul";
import { CouncilRulesRepository } from "@soglasie/core/council/council-rules-repository";
import { MeetingRepository } from "@soglasie/core/council/meeting-repository";
import { type MeetingPreview, previewMeeting, recordMeeting } from "@soglasie/core/council/meetings";
import { checkProtocolPdf } from "@soglasie/core/council/pdf-check";
import {
  isIncomingProtocolKey,
  peekIncomingProtocol,
  protocolUploadForm,
} from "@soglasie/core/council/protocol-upload";
import { NotFoundError, PayloadTooLargeError, StateError, ValidationError } from "@soglasie/core/errors";
import { RegulationRepository } from "@soglasie/core/regulation/regulation-repository";
import type { RegulationVersion } from "@soglasie/core/regulation/types";
import { type Context, Hono } from "hono";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { actorOf } from "../../http/actor.js";
import { requireRoles } from "../../http/auth.js";
import { formValue, readForm } from "../../http/body.js";
import { draftPdfResponse } from "../../http/draft-pdf.js";
import type { AppEnv, StaffEnv } from "../../http/env.js";
import { redirectToDownload } from "../../http/exports.js";
import { staffPage } from "../../http/nav.js";
import { pageAction, type Refusals, withNotice } from "../../http/page-action.js";
import { COUNCIL_READERS } from "./access.js";
import { type MeetingRequest, meetingInput, protocolError, readMeeting } from "./meeting-input.js";
import { COUNCIL_NOTICES, councilNotice } from "./notices.js";
import { CouncilPage } from "./views/council-page.js";
import { MeetingCheckPage } from "./views/meeting-check-page.js";
import { MeetingForm } from "./views/meeting-form.js";
import { UploadForm } from "./views/upload-form.js";

const LINK_TTL_SECONDS = 300;

type PageOptions = {
  values?: Record<string, string>;
  error?: Error;
  /** The query of a GET after a redirect: `done` and its parameters (see notices.ts). */
  query?: Record<string, string>;
  status?: ContentfulStatusCode;
};

/**
 * The secretary's forms: the meeting form, or on direct S3 transfers first the scan upload form
 * (step 1) and after it the meeting form with the uploaded scan. A refused upload becomes the error.
 */
async function recordForms(c: Context<StaffEnv>, drafts: RegulationVersion[], opts: PageOptions) {
  const services = c.get("services");
  // The secretary's own name is the usual «Секретарь» of the protocol: filled in, still editable.
  const values: Record<string, string> = { secretary: c.get("user").staff.fullName, ...(opts.values ?? {}) };
  const direct = directS3Transfers(services.config) && drafts.length > 0;
  let error = opts.error;
  let uploaded: { key: string; size: number } | undefined;
  // A scan already staged (direct upload, or kept from the check step) is not asked for again.
  if (values.protocolKey && drafts.length > 0) {
    try {
      uploaded = { key: values.protocolKey, ...(await peekIncomingProtocol(services, values.protocolKey)) };
    } catch (e) {
      if (!(e instanceof ValidationError || e instanceof PayloadTooLargeError)) throw e;
      error ??= protocolError(e);
    }
  }
  const fields = error instanceof ValidationError ? error.fields : undefined;
  const csrf = c.get("user").csrfToken;
  let forms: Child;
  if (!direct || uploaded) {
    forms = <MeetingForm csrf={csrf} drafts={drafts} values={values} fields={fields} uploaded={uploaded} />;
  } else {
    const form = await protocolUploadForm(services, {
      redirect: `${services.config.publicBaseUrl}/staff/council?uploaded=1`,
    });
    forms = (
      <>
        <UploadForm form={form} fields={fields} />
        <p class="muted">Шаг 2 — сведения о заседании и голосовании — откроется после загрузки скана.</p>
      </>
    );
  }
  return { forms, error };
}

async function councilPage(c: Context<StaffEnv>, opts: PageOptions = {}) {
  const services = c.get("services");
  const user = c.get("user");
  const [meetings, versions, rules] = await Promise.all([
    new MeetingRepository(services).list(),
    new RegulationRepository(services).list(),
    new CouncilRulesRepository(services).get(),
  ]);
  const drafts = versions.filter((v) => v.state === "draft");
  const isSecretary = user.roles.includes("council_secretary");
  const secretary = isSecretary ? await recordForms(c, drafts, opts) : undefined;
  const annullable = isSecretary
    ? new Set(
        meetings
          .filter(
            (m) =>
              mayAnnulMeeting(
                m,
                versions.find((v) => v.versionId === m.versionId),
              ).ok,
          )
          .map((m) => m.meetingId),
      )
    : undefined;
  return staffPage(
    c,
    "Педсовет",
    <CouncilPage
      meetings={meetings}
      rules={rules}
      csrf={user.csrfToken}
      recordForms={secretary?.forms}
      director={user.roles.includes("director")}
      notice={opts.query ? councilNotice(opts.query, meetings) : undefined}
      error={secretary ? secretary.error : opts.error}
      annullable={annullable}
    />,
    opts.status ?? 200,
  );
}

/** A refused record is shown on the form; a too large scan too, on the `protocol` field. */
const meetingRefusals: Refusals = (e) =>
  e instanceof ValidationError || e instanceof PayloadTooLargeError
    ? 400
    : e instanceof StateError
      ? 409
      : undefined;

/** The rules form refuses only bad input. */
const rulesRefusals: Refusals = (e) => (e instanceof ValidationError ? 400 : undefined);

export const councilPages = new Hono<AppEnv>()
  // S3 sends the browser back here after a direct upload, with `bucket`, `key` and `etag` appended.
  .get("/staff/council", requireRoles(...COUNCIL_READERS), (c) => {
    const key = c.req.query("key");
    return councilPage(c, { query: c.req.query(), values: key ? { protocolKey: key } : undefined });
  })
  // Step 2: the decision the figures give and the extract's draft; the scan is staged in incoming/
  // (as a direct upload would be) so the next step does not ask for the file again.
  .post("/staff/council/meetings/check", requireRoles("council_secretary"), async (c) => {
    let values: Record<string, string> = {};
    return pageAction(
      c,
      async () => {
        const meeting = await readMeeting(c);
        values = recordValues(meeting.values);
        const preview = await previewMeeting(
          c.get("services"),
          meetingInput(values),
          actorOf(c, "council_secretary"),
          { extract: false },
        );
        values.protocolKey = await stageProtocol(c, meeting);
        return checkPage(c, values, preview);
      },
      (error, status) => refusedMeeting(c, values, error, status),
      meetingRefusals,
    );
  })
  .post("/staff/council/meetings/draft.pdf", requireRoles("council_secretary"), async (c) => {
    const meeting = await readMeeting(c);
    const preview = await previewMeeting(
      c.get("services"),
      meetingInput(recordValues(meeting.values)),
      actorOf(c, "council_secretary"),
    );
    if (!preview.extract) throw new StateError("Решение не принято: выписка не выдаётся", "not_adopted");
    return draftPdfResponse(
      c,
      preview.extract,
      `Проект-выписки-протокол-${meeting.values.protocolNumber ?? ""}.pdf`,
    );
  })
  // «Изменить данные»: the form again with the values and the staged scan.
  .post("/staff/council/meetings/edit", requireRoles("council_secretary"), async (c) => {
    const meeting = await readMeeting(c);
    const values = recordValues(meeting.values);
    if (meeting.values.protocolKey) values.protocolKey = meeting.values.protocolKey;
    return councilPage(c, { values });
  })
  .post("/staff/council/meetings", requireRoles("council_secretary"), async (c) => {
    let values: Record<string, string> = {};
    return pageAction(
      c,
      async () => {
        const meeting = await readMeeting(c);
        values = recordValues(meeting.values);
        if (meeting.values.protocolKey) values.protocolKey = meeting.values.protocolKey;
        const services = c.get("services");
        const actor = actorOf(c, "council_secretary");
        // «Not adopted» is recorded only once confirmed on the check page.
        if (meeting.values.confirmNotAdopted !== "on") {
          const preview = await previewMeeting(services, meetingInput(values), actor, { extract: false });
          if (preview.outcome === "not_adopted") {
            values.protocolKey = await stageProtocol(c, meeting);
            return checkPage(c, values, preview, true);
          }
        }
        const r = await recordMeeting(services, meetingInput(values), meeting.protocol, actor);
        return withNotice("/staff/council", COUNCIL_NOTICES.meeting, { meeting: r.meetingId });
      },
      (error, status) => refusedMeeting(c, values, error, status),
      meetingRefusals,
    );
  })
  .post("/staff/council/meetings/:meetingId/annul", requireRoles("council_secretary"), async (c) => {
    const reason = formValue((await readForm(c)).reason);
    return pageAction(
      c,
      async () => {
        const m = await annulMeeting(
          c.get("services"),
          c.req.param("meetingId"),
          { reason },
          actorOf(c, "council_secretary"),
        );
        return withNotice("/staff/council", COUNCIL_NOTICES.annulled, { meeting: m.meetingId });
      },
      (error, status) => councilPage(c, { error, status }),
    );
  })
  .get("/staff/council/meetings/:meetingId/protocol", requireRoles(...COUNCIL_READERS), async (c) => {
    const services = c.get("services");
    const m = await new MeetingRepository(services).get(c.req.param("meetingId"));
    if (!m) throw new NotFoundError("Заседание не найдено");
    const url = await services.objects.presign(m.protocolScan.key, {
      expiresIn: LINK_TTL_SECONDS,
      filename: `Протокол_${m.protocolNumber}_${m.date}.pdf`,
    });
    return redirectToDownload(c, url);
  })
  .post("/staff/council/rules", requireRoles("director"), async (c) => {
    const form = await readForm(c);
    const n = (k: string) => Number(form[k]);
    return pageAction(
      c,
      async () => {
        await new CouncilRulesRepository(c.get("services")).set(
          {
            quorum: {
              numerator: n("quorumNumerator"),
              denominator: n("quorumDenominator"),
              strict: form.quorumStrict === "on",
            },
            majority: {
              numerator: n("majorityNumerator"),
              denominator: n("majorityDenominator"),
              strict: form.majorityStrict === "on",
              base: form.majorityBase,
            },
          },
          actorOf(c, "director"),
        );
        return withNotice("/staff/council", COUNCIL_NOTICES.rules);
      },
      (error, status) => councilPage(c, { error, status }),
      rulesRefusals,
    );
  });

/** The record's own fields (the page's confirmation and the scan's key travel apart). */
function recordValues(values: Record<string, string>): Record<string, string> {
  const { confirmNotAdopted: _confirm, protocolKey: _key, ...rest } = values;
  return rest;
}

/** The key of the meeting's scan in incoming/: an uploaded file is checked and put there. */
async function stageProtocol(c: Context<StaffEnv>, meeting: MeetingRequest): Promise<string> {
  const services = c.get("services");
  const upload = meeting.protocol;
  if (upload && "incomingKey" in upload) {
    await peekIncomingProtocol(services, upload.incomingKey);
    return upload.incomingKey;
  }
  if (!upload) {
    throw new ValidationError("Приложите скан подписанного протокола (PDF)", {
      protocol: ["Приложите файл"],
    });
  }
  checkProtocolPdf(upload.bytes);
  const staged = await services.objects.putTemporary("incoming", upload.bytes, {
    contentType: "application/pdf",
    extension: "pdf",
  });
  return staged.key;
}

function checkPage(
  c: Context<StaffEnv>,
  values: Record<string, string>,
  preview: MeetingPreview,
  unconfirmed = false,
) {
  return staffPage(
    c,
    "Проверка записи",
    <MeetingCheckPage
      csrf={c.get("user").csrfToken}
      preview={preview}
      values={values}
      unconfirmed={unconfirmed}
    />,
    unconfirmed ? 409 : 200,
  );
}

/** A refused record is shown on the form with the values; a refused scan must be chosen again. */
function refusedMeeting(
  c: Context<StaffEnv>,
  values: Record<string, string>,
  error: Error,
  status: ContentfulStatusCode,
) {
  if (error instanceof StateError) return councilPage(c, { values, error, status });
  const refused = protocolError(error as ValidationError | PayloadTooLargeError);
  // A refused or vanished upload is gone from incoming/: ask for the file again.
  if (
    refused.fields.protocol ||
    (values.protocolKey && !isIncomingProtocolKey(c.get("services"), values.protocolKey))
  )
    delete values.protocolKey;
  return councilPage(c, { values, error: refused, status });
}
