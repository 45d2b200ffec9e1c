import { directS3Transfers } from "@soglasie/core/config";
import { CouncilRulesRepository } from "@soglasie/core/council/council-rules-repository";
import { MeetingRepository } from "@soglasie/core/council/meeting-repository";
import { recordMeeting } from "@soglasie/core/council/meetings";
import { peekIncomingProtocol, protocolUploadForm } from "@soglasie/core/council/protocol-upload";
import { NotFoundError, PayloadTooLargeError, StateError, ValidationError } from "@soglasie/core/errors";
import { RegulationRepository } from "@soglasie/core/regulation/regulation-repository";
import type { RegulationVersion } from "@soglasie/core/regulation/types";
import { type Context, Hono } from "hono";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { actorOf } from "../../http/actor.js";
import { requireRoles } from "../../http/auth.js";
import { readForm } from "../../http/body.js";
import type { AppEnv, StaffEnv } from "../../http/env.js";
import { redirectToDownload } from "../../http/exports.js";
import { staffPage } from "../../http/nav.js";
import { pageAction, type Refusals, withNotice } from "../../http/page-action.js";
import { COUNCIL_READERS } from "./access.js";
import { meetingInput, protocolError, readMeeting } from "./meeting-input.js";
import { COUNCIL_NOTICES, councilNotice } from "./notices.js";
import { CouncilPage } from "./views/council-page.js";
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
  const values = opts.values ?? {};
  const direct = directS3Transfers(services.config) && drafts.length > 0;
  let error = opts.error;
  let uploaded: { key: string; size: number } | undefined;
  if (direct && values.protocolKey) {
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
  const secretary = user.roles.includes("council_secretary") ? await recordForms(c, drafts, opts) : undefined;
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
  .post("/staff/council/meetings", requireRoles("council_secretary"), async (c) => {
    let values: Record<string, string> = {};
    return pageAction(
      c,
      async () => {
        const meeting = await readMeeting(c);
        values = meeting.values;
        const r = await recordMeeting(
          c.get("services"),
          meetingInput(values),
          meeting.protocol,
          actorOf(c, "council_secretary"),
        );
        return withNotice("/staff/council", COUNCIL_NOTICES.meeting, { meeting: r.meetingId });
      },
      (error, status) => {
        if (error instanceof StateError) return councilPage(c, { values, error, status });
        const refused = protocolError(error as ValidationError | PayloadTooLargeError);
        // A refused or vanished upload is gone from incoming/: ask for the file again.
        if (refused.fields.protocol) delete values.protocolKey;
        return councilPage(c, { values, error: refused, status });
      },
      meetingRefusals,
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
