import { ruDate } from "@soglasie/core/clock";
import { directS3Transfers } from "@soglasie/core/config";
import { CouncilRulesRepository } from "@soglasie/core/council/council-rules-repository";
import { MeetingRepository } from "@soglasie/core/council/meeting-repository";
import { type MeetingInput, type ProtocolUpload, recordMeeting } from "@soglasie/core/council/meetings";
import { MAX_PROTOCOL_BYTES } from "@soglasie/core/council/pdf-check";
import {
  type IncomingProtocol,
  type ProtocolUploadForm,
  peekIncomingProtocol,
  protocolUploadForm,
} from "@soglasie/core/council/protocol-upload";
import { type CouncilRules, councilRulesSchema, describeThreshold } from "@soglasie/core/council/rules";
import type { CouncilMeeting } from "@soglasie/core/council/types";
import { NotFoundError, PayloadTooLargeError, StateError, ValidationError } from "@soglasie/core/errors";
import { RegulationRepository } from "@soglasie/core/regulation/regulation-repository";
import type { RegulationVersion } from "@soglasie/core/regulation/types";
import { type Context, Hono } from "hono";
import type { Child } from "hono/jsx";
import { requireRoles } from "../http/auth.js";
import { parseFormBody, readForm, readJson } from "../http/body.js";
import type { AppEnv } from "../http/env.js";
import { CsrfField, ErrorSummary, FieldError } from "../http/layout.js";
import { staffPage } from "../http/nav.js";
import { staffActor } from "./regulation.js";

const READERS = ["council_secretary", "director", "administrator"] as const;
const LINK_TTL_SECONDS = 300;

const FIELDS = [
  "versionId",
  "date",
  "protocolNumber",
  "membersTotal",
  "membersPresent",
  "votesFor",
  "votesAgainst",
  "votesAbstained",
  "chair",
  "secretary",
  "agendaItem",
  "heard",
] as const;

/**
 * Reads a meeting: its fields and the protocol scan, either as the `protocol` file of a multipart
 * request (checked for size before its bytes are read) or as `protocolKey`, the key of a scan the
 * browser already uploaded to S3 with a presigned POST (direct S3 transfers, see protocolUploadForm);
 * `protocolKey` may come in a multipart or urlencoded form or a JSON body. Whether the file is a PDF
 * is decided by the core from the content.
 */
async function readMeeting(
  c: Context<AppEnv>,
): Promise<{ input: Record<string, string>; protocol?: ProtocolUpload | IncomingProtocol }> {
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  const isForm =
    type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded");
  if (!isForm && !type.startsWith("application/json")) {
    throw new ValidationError("Отправьте форму с файлом протокола (multipart/form-data, поле protocol)", {
      protocol: ["Приложите файл протокола"],
    });
  }
  let body: Record<string, unknown>;
  if (isForm) {
    body = await parseFormBody(c).catch(() => {
      throw new ValidationError("Форма повреждена: отправьте её ещё раз", {
        protocol: ["Не удалось прочитать отправленную форму"],
      });
    });
  } else {
    const json = await c.req.json().catch(() => undefined);
    if (!json || typeof json !== "object" || Array.isArray(json))
      throw new ValidationError("Тело запроса не является объектом JSON", {});
    body = json as Record<string, unknown>;
  }
  const input: Record<string, string> = {};
  for (const name of FIELDS) {
    const value = body[name];
    if (typeof value === "string") input[name] = value;
    else if (typeof value === "number" && Number.isFinite(value)) input[name] = String(value);
  }
  const file = body.protocol;
  if (file instanceof File && file.size > 0) {
    if (file.size > MAX_PROTOCOL_BYTES) {
      throw new PayloadTooLargeError(
        `Файл протокола больше 20 МБ (${(file.size / 1024 / 1024).toFixed(1)} МБ). Отсканируйте с меньшим разрешением или в оттенках серого.`,
      );
    }
    return { input, protocol: { bytes: new Uint8Array(await file.arrayBuffer()), filename: file.name } };
  }
  const key = body.protocolKey;
  if (typeof key === "string" && key.trim() !== "") {
    input.protocolKey = key.trim().slice(0, 300);
    return { input, protocol: { incomingKey: input.protocolKey } };
  }
  return { input };
}

export function meetingJson(m: CouncilMeeting) {
  return {
    meetingId: m.meetingId,
    date: m.date,
    protocolNumber: m.protocolNumber,
    membersTotal: m.membersTotal,
    membersPresent: m.membersPresent,
    votes: m.votes,
    versionId: m.versionId,
    versionNo: m.versionNo,
    agendaItem: m.agendaItem,
    decision: m.decision,
    chair: m.chair,
    secretary: m.secretary,
    quorum: m.quorum,
    majority: m.majority,
    outcome: m.outcome,
    reason: m.reason,
    protocolSha256: m.protocolScan.sha256,
    protocolSize: m.protocolScan.size,
    extractDocumentId: m.extractDocumentId ?? null,
    createdAt: m.createdAt,
  };
}

/* ---------- page ---------- */

function RulesText(props: { rules: CouncilRules }) {
  const { rules } = props;
  return (
    <p class="muted">
      Правила: кворум — присутствуют {describeThreshold(rules.quorum)} членов совета; решение принято, если
      «за» проголосовали {describeThreshold(rules.majority)}{" "}
      {rules.majority.base === "members" ? "членов совета" : "присутствующих"}.
    </p>
  );
}

/** The director sets the organisation's rules (its charter may require more than the defaults). */
function RulesForm(props: { csrf: string; rules: CouncilRules }) {
  const { quorum, majority } = props.rules;
  const pair = (prefix: string, t: { numerator: number; denominator: number; strict: boolean }) => (
    <>
      <label class="choice">
        <input type="checkbox" name={`${prefix}Strict`} checked={t.strict} /> строго больше («более»), иначе
        «не менее»
      </label>
      <label for={`f-${prefix}Numerator`}>Доля: числитель и знаменатель</label>
      <input
        id={`f-${prefix}Numerator`}
        type="number"
        name={`${prefix}Numerator`}
        min={1}
        max={100}
        value={String(t.numerator)}
      />
      <input
        aria-label="знаменатель"
        type="number"
        name={`${prefix}Denominator`}
        min={1}
        max={100}
        value={String(t.denominator)}
      />
    </>
  );
  return (
    <details>
      <summary>Изменить правила кворума и большинства</summary>
      <form method="post" action="/staff/council/rules">
        <CsrfField token={props.csrf} />
        <fieldset>
          <legend>Кворум (от числа членов совета)</legend>
          {pair("quorum", quorum)}
        </fieldset>
        <fieldset>
          <legend>Большинство голосов «за»</legend>
          {pair("majority", majority)}
          <label for="f-majorityBase">От числа</label>
          <select id="f-majorityBase" name="majorityBase">
            <option value="present" selected={majority.base === "present"}>
              присутствующих
            </option>
            <option value="members" selected={majority.base === "members"}>
              всех членов совета
            </option>
          </select>
        </fieldset>
        <button type="submit">Сохранить правила</button>
      </form>
    </details>
  );
}

/**
 * Step 1 of the direct path: the file goes from the browser straight to S3 (a plain HTML form, no
 * script needed); S3 then redirects back to this page with the object's key.
 */
function UploadForm(props: { form: ProtocolUploadForm; fields?: Record<string, string[]> }) {
  return (
    <form method="post" action={props.form.url} enctype="multipart/form-data">
      {Object.entries(props.form.fields).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <label for="f-protocol">
        Шаг 1. Скан подписанного протокола <span class="hint">(PDF, не более 20 МБ)</span>
      </label>
      {/* S3 takes the file from the last field, named "file". */}
      <input id="f-protocol" type="file" name="file" accept="application/pdf,.pdf" required />
      <FieldError name="protocol" fields={props.fields} />
      <p>
        <button type="submit">Загрузить скан</button>
      </p>
    </form>
  );
}

function MeetingForm(props: {
  csrf: string;
  drafts: RegulationVersion[];
  values: Record<string, string>;
  fields?: Record<string, string[]>;
  /** Direct S3 transfers: the scan is already uploaded (its key) instead of a file field. */
  uploaded?: { key: string; size: number };
}) {
  const { values, fields } = props;
  const num = (name: string, label: string) => (
    <div>
      <label for={`f-${name}`}>{label}</label>
      <input
        id={`f-${name}`}
        type="number"
        name={name}
        min={0}
        max={1000}
        inputmode="numeric"
        required
        value={values[name] ?? ""}
      />
      <FieldError name={name} fields={fields} />
    </div>
  );
  const text = (name: string, label: string, hint?: string, required = true) => (
    <div>
      <label for={`f-${name}`}>
        {label} {hint && <span class="hint">{hint}</span>}
      </label>
      <input id={`f-${name}`} type="text" name={name} required={required} value={values[name] ?? ""} />
      <FieldError name={name} fields={fields} />
    </div>
  );
  if (props.drafts.length === 0) {
    return <p>Нет проектов Положения, ожидающих рассмотрения педагогическим советом.</p>;
  }
  return (
    <form
      method="post"
      action="/staff/council/meetings"
      enctype={props.uploaded ? "application/x-www-form-urlencoded" : "multipart/form-data"}
    >
      <CsrfField token={props.csrf} />
      <label for="f-versionId">Вопрос повестки: редакция Положения</label>
      <select id="f-versionId" name="versionId" required>
        {props.drafts.map((v) => (
          <option value={v.versionId} selected={values.versionId === v.versionId}>
            Проект редакции № {v.no}
            {v.note ? ` — ${v.note}` : ""}
          </option>
        ))}
      </select>
      <FieldError name="versionId" fields={fields} />
      <div>
        <label for="f-date">Дата заседания</label>
        <input id="f-date" type="date" name="date" required value={values.date ?? ""} />
        <FieldError name="date" fields={fields} />
      </div>
      {text("protocolNumber", "Номер протокола")}
      <fieldset>
        <legend>Состав и голосование</legend>
        {num("membersTotal", "Членов педагогического совета всего")}
        {num("membersPresent", "Присутствовало")}
        {num("votesFor", "«За»")}
        {num("votesAgainst", "«Против»")}
        {num("votesAbstained", "«Воздержались»")}
      </fieldset>
      {text("chair", "Председатель (ФИО полностью)")}
      {text("secretary", "Секретарь (ФИО полностью)")}
      {text("heard", "Слушали", "(необязательно: кто докладывал)", false)}
      {props.uploaded ? (
        <p>
          <input type="hidden" name="protocolKey" value={props.uploaded.key} />
          Скан протокола загружен ({(props.uploaded.size / 1024 / 1024).toFixed(1)} МБ).{" "}
          <a href="/staff/council">Загрузить другой файл</a>
          <FieldError name="protocol" fields={fields} />
        </p>
      ) : (
        <>
          <label for="f-protocol">
            Скан подписанного протокола <span class="hint">(PDF, не более 20 МБ)</span>
          </label>
          <input id="f-protocol" type="file" name="protocol" accept="application/pdf,.pdf" required />
          <FieldError name="protocol" fields={fields} />
        </>
      )}
      <p>
        <button type="submit">Записать решение</button>
      </p>
    </form>
  );
}

function MeetingsTable(props: { meetings: CouncilMeeting[] }) {
  if (props.meetings.length === 0) return <p>Заседаний ещё не записано.</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Заседание</th>
            <th scope="col">Редакция</th>
            <th scope="col">Присутствовали / «за»</th>
            <th scope="col">Решение</th>
            <th scope="col">Документы</th>
          </tr>
        </thead>
        <tbody>
          {props.meetings.map((m) => (
            <tr>
              <td>
                {ruDate(m.date)}, протокол № {m.protocolNumber}
              </td>
              <td>№ {m.versionNo}</td>
              <td>
                {m.membersPresent} из {m.membersTotal} / {m.votes.for} (против {m.votes.against}, возд.{" "}
                {m.votes.abstained})
              </td>
              <td>
                <span class="badge">{m.outcome === "adopted" ? "Принято" : "Не принято"}</span>
                <div class="muted">{m.reason}</div>
              </td>
              <td>
                <div>
                  <a href={`/staff/council/meetings/${m.meetingId}/protocol`}>Скан протокола</a>
                </div>
                {m.extractDocumentId && (
                  <div>
                    <a href={`/staff/regulations/documents/${m.extractDocumentId}`}>Выписка (PDF)</a>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

async function councilPage(
  c: Context<AppEnv>,
  opts: { values?: Record<string, string>; error?: Error; notice?: string; status?: 200 | 400 | 409 } = {},
) {
  const services = c.get("services");
  const user = c.get("user")!;
  const [meetings, versions, rules] = await Promise.all([
    new MeetingRepository(services).list(),
    new RegulationRepository(services).list(),
    new CouncilRulesRepository(services).get(),
  ]);
  const drafts = versions.filter((v) => v.state === "draft");
  const secretary = user.roles.includes("council_secretary");
  let error = opts.error;
  let recordForms: Child = null;
  if (secretary) {
    const values = opts.values ?? {};
    const direct = directS3Transfers(services.config) && drafts.length > 0;
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
    if (!direct || uploaded) {
      recordForms = (
        <MeetingForm
          csrf={user.csrfToken}
          drafts={drafts}
          values={values}
          fields={fields}
          uploaded={uploaded}
        />
      );
    } else {
      const form = await protocolUploadForm(services, {
        redirect: `${services.config.publicBaseUrl}/staff/council?uploaded=1`,
      });
      recordForms = (
        <>
          <UploadForm form={form} fields={fields} />
          <p class="muted">Шаг 2 — сведения о заседании и голосовании — откроется после загрузки скана.</p>
        </>
      );
    }
  }
  const fields = error instanceof ValidationError ? error.fields : undefined;
  const body: Child = (
    <>
      <h1>Педагогический совет: принятие Положения</h1>
      {opts.notice && (
        <div class="notice ok" role="status">
          {opts.notice}
        </div>
      )}
      {error && <ErrorSummary message={error.message} fields={fields} />}
      {secretary && (
        <>
          <h2>Записать решение совета</h2>
          <div class="card">
            <RulesText rules={rules} />
            {recordForms}
          </div>
        </>
      )}
      {!secretary && <RulesText rules={rules} />}
      {user.roles.includes("director") && <RulesForm csrf={user.csrfToken} rules={rules} />}
      <h2>Заседания</h2>
      <MeetingsTable meetings={meetings} />
    </>
  );
  return staffPage(c, "Педсовет", body, opts.status ?? 200);
}

/** Errors about the scan name the `protocol` field (a too large file has no field of its own). */
function protocolError(error: ValidationError | PayloadTooLargeError): ValidationError {
  if (error instanceof ValidationError) return error;
  return new ValidationError(error.message, { protocol: [error.message] });
}

/* ---------- routes ---------- */

export const councilApp = new Hono<AppEnv>()
  // S3 sends the browser back here after a direct upload, with `bucket`, `key` and `etag` appended.
  .get("/staff/council", requireRoles(...READERS), (c) => {
    const key = c.req.query("key");
    return councilPage(c, { notice: c.req.query("done"), values: key ? { protocolKey: key } : undefined });
  })
  .post("/staff/council/meetings", requireRoles("council_secretary"), async (c) => {
    let values: Record<string, string> = {};
    try {
      const { input, protocol } = await readMeeting(c);
      values = input;
      const r = await recordMeeting(
        c.get("services"),
        input as MeetingInput,
        protocol,
        staffActor(c, "council_secretary"),
      );
      const notice =
        r.outcome === "adopted"
          ? `Решение записано: Положение принято. ${r.reason}`
          : `Решение записано: не принято. ${r.reason}`;
      return c.redirect(`/staff/council?done=${encodeURIComponent(notice)}`, 303);
    } catch (error) {
      if (error instanceof ValidationError || error instanceof PayloadTooLargeError) {
        const refused = protocolError(error);
        // A refused or vanished upload is gone from incoming/: ask for the file again.
        if (refused.fields.protocol) delete values.protocolKey;
        return councilPage(c, { values, error: refused, status: 400 });
      }
      if (error instanceof StateError) return councilPage(c, { values, error, status: 409 });
      throw error;
    }
  })
  .get("/staff/council/meetings/:meetingId/protocol", requireRoles(...READERS), async (c) => {
    const services = c.get("services");
    const m = await new MeetingRepository(services).get(c.req.param("meetingId"));
    if (!m) throw new NotFoundError("Заседание не найдено");
    const url = await services.objects.presign(m.protocolScan.key, {
      expiresIn: LINK_TTL_SECONDS,
      filename: `Протокол_${m.protocolNumber}_${m.date}.pdf`,
    });
    c.header("cache-control", "no-store");
    return c.redirect(url, 302);
  })
  .post("/staff/council/rules", requireRoles("director"), async (c) => {
    const form = await readForm(c);
    const n = (k: string) => Number(form[k]);
    try {
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
        staffActor(c, "director"),
      );
    } catch (error) {
      if (error instanceof ValidationError) return councilPage(c, { error, status: 400 });
      throw error;
    }
    return c.redirect(`/staff/council?done=${encodeURIComponent("Правила педсовета сохранены")}`, 303);
  })

  // Direct upload of a scan (presigned POST): post `fields` and then the file as `file` to `url`,
  // then record the meeting with `protocolKey: key`.
  .post("/api/council/uploads", requireRoles("council_secretary"), async (c) => {
    const form = await protocolUploadForm(c.get("services"));
    c.header("cache-control", "no-store");
    return c.json(form, 201);
  })
  .post("/api/council/meetings", requireRoles("council_secretary"), async (c) => {
    const { input, protocol } = await readMeeting(c);
    const r = await recordMeeting(
      c.get("services"),
      input as MeetingInput,
      protocol,
      staffActor(c, "council_secretary"),
    );
    return c.json(r, 201);
  })
  .get("/api/council/meetings", requireRoles(...READERS), async (c) => {
    return c.json({ meetings: (await new MeetingRepository(c.get("services")).list()).map(meetingJson) });
  })
  .get("/api/council/meetings/:meetingId", requireRoles(...READERS), async (c) => {
    const m = await new MeetingRepository(c.get("services")).get(c.req.param("meetingId"));
    if (!m) throw new NotFoundError("Заседание не найдено");
    return c.json(meetingJson(m));
  })
  .get("/api/council/rules", requireRoles(...READERS), async (c) => {
    return c.json(await new CouncilRulesRepository(c.get("services")).get());
  })
  .put("/api/council/rules", requireRoles("director"), async (c) => {
    const body = await readJson(c, councilRulesSchema);
    return c.json(await new CouncilRulesRepository(c.get("services")).set(body, staffActor(c, "director")));
  });
