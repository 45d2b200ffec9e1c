import type { Actor } from "@soglasie/core/audit/types";
import { ruDate } from "@soglasie/core/clock";
import { mayReadDocumentType } from "@soglasie/core/documents/records/access";
import { ConflictError, NotFoundError, StateError, ValidationError } from "@soglasie/core/errors";
import {
  type AcknowledgmentStatus,
  acknowledgeRegulation,
  acknowledgmentStatus,
  pendingAcknowledgment,
} from "@soglasie/core/regulation/acknowledgment";
import { approveInputSchema, approveVersion } from "@soglasie/core/regulation/approve";
import { REGULATION_OWNER } from "@soglasie/core/regulation/keys";
import { type NewVersion, RegulationRepository } from "@soglasie/core/regulation/regulation-repository";
import { repealInputSchema, repealVersion } from "@soglasie/core/regulation/repeal";
import { decodeText } from "@soglasie/core/regulation/text";
import {
  type CurrentRegulation,
  type RegulationVersion,
  VERSION_STATE_LABELS,
} from "@soglasie/core/regulation/types";
import type { Role } from "@soglasie/core/staff/roles";
import { parseInput, type z } from "@soglasie/core/validation";
import { type Context, Hono } from "hono";
import type { Child } from "hono/jsx";
import { requireRoles, requireStaff } from "../http/auth.js";
import { parseFormBody, readJson } from "../http/body.js";
import type { AppEnv } from "../http/env.js";
import { CsrfField, ErrorSummary } from "../http/layout.js";
import { staffPage } from "../http/nav.js";

/** Lifetime of download links handed out by these pages. */
const LINK_TTL_SECONDS = 300;

export function staffActor(c: Context<AppEnv>, role?: Role): Actor {
  const user = c.get("user")!;
  return { type: "staff", id: user.staff.staffId, role: role ?? user.roles[0] };
}

const has = (c: Context<AppEnv>, ...roles: Role[]) => roles.some((r) => c.get("user")?.roles.includes(r));

export function versionJson(v: RegulationVersion) {
  return {
    versionId: v.versionId,
    no: v.no,
    state: v.state,
    stateLabel: VERSION_STATE_LABELS[v.state],
    title: v.title,
    note: v.note ?? null,
    source: v.source,
    textSha256: v.textSha256,
    textSize: v.textSize,
    adoption: v.adoption ?? null,
    approval: v.approval ?? null,
    documentId: v.documentId ?? null,
    inForceFrom: v.inForceFrom ?? null,
    inForceTo: v.inForceTo ?? null,
    supersededBy: v.supersededBy ?? null,
    repealReason: v.repealReason ?? null,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
  };
}

const currentJson = (c: CurrentRegulation | undefined) =>
  c
    ? {
        versionId: c.versionId,
        no: c.no,
        documentId: c.documentId,
        orderId: c.orderId,
        orderNumber: c.orderNumber,
        orderDate: c.orderDate,
        adoption: c.adoption,
        pdfUrl: "/regulation.pdf",
      }
    : null;

/**
 * An optional JSON body: none or empty means defaults. (API clients still send a JSON content type:
 * the CSRF middleware treats a POST without one as a form post.)
 */
async function optionalJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header("content-type");
  if (type?.toLowerCase().startsWith("application/json") && (await c.req.text()).trim() === "") {
    return parseInput(schema, {});
  }
  if (!type) return parseInput(schema, {});
  return readJson(c, schema);
}

/** Fields of a version creation request: JSON, or a form with an optional text file. */
async function newVersionInput(c: Context<AppEnv>): Promise<NewVersion> {
  const type = c.req.header("content-type") ?? "";
  if (type.startsWith("application/json")) {
    const parsed: unknown = await c.req.json().catch(() => {
      throw new ValidationError("Тело запроса не является корректным JSON");
    });
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new ValidationError("Ожидается JSON-объект с полями source, text, note");
    }
    const body = parsed as Record<string, unknown>;
    return {
      source: String(body.source ?? (body.text ? "upload" : "template")) as NewVersion["source"],
      text: typeof body.text === "string" ? body.text : undefined,
      note: typeof body.note === "string" && body.note.trim() ? body.note : undefined,
    };
  }
  const body = await parseFormBody(c);
  const file = body.text;
  let text: string | undefined;
  if (file instanceof File && file.size > 0) text = decodeText(new Uint8Array(await file.arrayBuffer()));
  else if (typeof file === "string" && file.trim()) text = file;
  const note = typeof body.note === "string" && body.note.trim() ? body.note : undefined;
  const source = typeof body.source === "string" ? body.source : text ? "upload" : "template";
  return { source: source as NewVersion["source"], text, note };
}

async function documentRedirect(c: Context<AppEnv>, documentId: string) {
  const url = await c.get("services").documents.downloadUrl(documentId, LINK_TTL_SECONDS);
  c.header("cache-control", "no-store");
  return c.redirect(url, 302);
}

/** Which documents of this area each role may download (the regulation itself: everyone on staff). */
async function mayDownload(c: Context<AppEnv>, documentId: string): Promise<boolean> {
  const record = await c.get("services").documents.get(documentId);
  if (!record || (record.type === "regulation" && record.owner.type !== REGULATION_OWNER)) return false;
  return mayReadDocumentType(c.get("user")?.roles ?? [], record.type);
}

/* ---------- pages ---------- */

function StateBadge(props: { v: RegulationVersion }) {
  return <span class="badge">{VERSION_STATE_LABELS[props.v.state]}</span>;
}

function CurrentCard(props: { current?: CurrentRegulation }) {
  const cur = props.current;
  if (!cur) {
    return (
      <div class="notice">
        Действующей редакции Положения пока нет: она появится после принятия педагогическим советом и
        утверждения приказом директора.
      </div>
    );
  }
  return (
    <div class="card">
      <p>
        Действует <strong>редакция № {cur.no}</strong>: принята педагогическим советом (протокол от{" "}
        {ruDate(cur.adoption.date)} № {cur.adoption.protocolNumber}), утверждена приказом от{" "}
        {ruDate(cur.orderDate)} № {cur.orderNumber}.
      </p>
      <p>
        <a class="button" href="/regulation.pdf">
          Скачать Положение (PDF)
        </a>
      </p>
    </div>
  );
}

function AcknowledgmentCard(props: { status: AcknowledgmentStatus }) {
  const { status } = props;
  return (
    <>
      <h2>Ознакомление работников</h2>
      <div class="card">
        <p>
          Ознакомились: <strong>{status.confirmed.length}</strong>, ещё не ознакомились:{" "}
          <strong>{status.pending.length}</strong>.
          {status.sheet && (
            <>
              {" "}
              <a href={`/staff/regulations/documents/${status.sheet.documentId}`}>Лист ознакомления (PDF)</a>
            </>
          )}
        </p>
        {status.pending.length > 0 && (
          <>
            <h3>Не ознакомились</h3>
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Работник</th>
                    <th scope="col">Должность</th>
                  </tr>
                </thead>
                <tbody>
                  {status.pending.map((p) => (
                    <tr>
                      <td>{p.fullName}</td>
                      <td>{p.position}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        {status.confirmed.length > 0 && (
          <details>
            <summary>Ознакомились ({status.confirmed.length})</summary>
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Работник</th>
                    <th scope="col">Должность</th>
                    <th scope="col">Дата</th>
                  </tr>
                </thead>
                <tbody>
                  {status.confirmed.map((a) => (
                    <tr>
                      <td>{a.fullName}</td>
                      <td>{a.position}</td>
                      <td>{ruDate(a.date)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        )}
      </div>
    </>
  );
}

function VersionRow(props: { v: RegulationVersion; c: Context<AppEnv> }) {
  const { v, c } = props;
  const user = c.get("user")!;
  const canApprove = v.state === "adopted" && user.roles.includes("director");
  const seesText = has(c, "administrator", "director", "council_secretary");
  return (
    <tr>
      <td>№ {v.no}</td>
      <td>
        <StateBadge v={v} />
        {v.note && <div class="muted">{v.note}</div>}
      </td>
      <td>
        {v.adoption ? (
          <>
            протокол от {ruDate(v.adoption.date)} № {v.adoption.protocolNumber}
            {has(c, "council_secretary", "director", "administrator") && (
              <>
                {" "}
                (<a href={`/staff/regulations/documents/${v.adoption.extractDocumentId}`}>выписка</a>)
              </>
            )}
          </>
        ) : (
          "—"
        )}
      </td>
      <td>
        {v.approval ? (
          <>
            приказ от {ruDate(v.approval.date)} № {v.approval.number}
            {has(c, "director", "administrator") && (
              <>
                {" "}
                (<a href={`/staff/regulations/documents/${v.approval.orderDocumentId}`}>PDF</a>)
              </>
            )}
          </>
        ) : (
          "—"
        )}
      </td>
      <td>
        {v.documentId && <a href={`/staff/regulations/documents/${v.documentId}`}>Положение (PDF)</a>}
        {seesText && (
          <div>
            <a href={`/staff/regulations/${v.versionId}/text`}>Текст (.md)</a>
          </div>
        )}
        {canApprove && (
          <form method="post" action={`/staff/regulations/${v.versionId}/approve`}>
            <CsrfField token={user.csrfToken} />
            <button type="submit">Утвердить приказом</button>
          </form>
        )}
      </td>
    </tr>
  );
}

function CreateForms(props: { csrf: string }) {
  return (
    <>
      <h2>Новая редакция</h2>
      <div class="card">
        <form method="post" action="/staff/regulations">
          <CsrfField token={props.csrf} />
          <input type="hidden" name="source" value="template" />
          <p>Создать проект из текста, который хранится в шаблонах сервиса (templates/regulation.md).</p>
          <button type="submit">Создать проект из шаблона</button>
        </form>
      </div>
      <div class="card">
        <form method="post" action="/staff/regulations" enctype="multipart/form-data">
          <CsrfField token={props.csrf} />
          <input type="hidden" name="source" value="upload" />
          <label for="f-text">
            Отредактированный текст{" "}
            <span class="hint">(скачайте «Текст (.md)» нужной редакции, измените и загрузите; UTF-8)</span>
          </label>
          <input id="f-text" type="file" name="text" accept=".md,.txt,text/plain,text/markdown" required />
          <label for="f-note">
            Что изменено <span class="hint">(необязательно)</span>
          </label>
          <input id="f-note" type="text" name="note" maxlength={500} />
          <p>
            <button type="submit">Создать проект из файла</button>
          </p>
        </form>
      </div>
    </>
  );
}

async function regulationsPage(
  c: Context<AppEnv>,
  opts: { error?: ValidationError | Error; notice?: string; status?: 200 | 400 | 409 } = {},
) {
  const services = c.get("services");
  const user = c.get("user")!;
  const repo = new RegulationRepository(services);
  const [versions, current] = await Promise.all([repo.list(), repo.current()]);
  const isAdmin = user.roles.includes("administrator");
  const status =
    current && has(c, "administrator", "director") ? await acknowledgmentStatus(services) : undefined;
  const awaiting = versions.filter((v) => v.state === "adopted");
  const body: Child = (
    <>
      <h1>Положение об использовании ИКОП «Сферум»</h1>
      {opts.notice && (
        <div class="notice ok" role="status">
          {opts.notice}
        </div>
      )}
      {opts.error && (
        <ErrorSummary
          message={opts.error.message}
          fields={opts.error instanceof ValidationError ? opts.error.fields : undefined}
        />
      )}
      <CurrentCard current={current} />
      {user.roles.includes("director") && awaiting.length > 0 && (
        <div class="notice">Ждут утверждения: {awaiting.map((v) => `редакция № ${v.no}`).join(", ")}.</div>
      )}
      <h2>Редакции</h2>
      {versions.length === 0 ? (
        <p>Редакций пока нет.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Редакция</th>
                <th scope="col">Состояние</th>
                <th scope="col">Педсовет</th>
                <th scope="col">Приказ</th>
                <th scope="col">Документы</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <VersionRow v={v} c={c} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {status && <AcknowledgmentCard status={status} />}
      {isAdmin && <CreateForms csrf={user.csrfToken} />}
    </>
  );
  return staffPage(c, "Положение", body, opts.status ?? 200);
}

/** Runs a page action; a refused input re-renders the page with the message instead of a bare error page. */
async function pageAction(c: Context<AppEnv>, action: () => Promise<string>) {
  try {
    const notice = await action();
    return c.redirect(`/staff/regulations?done=${encodeURIComponent(notice)}`, 303);
  } catch (error) {
    if (error instanceof ValidationError) return regulationsPage(c, { error, status: 400 });
    if (error instanceof StateError || error instanceof ConflictError)
      return regulationsPage(c, { error, status: 409 });
    throw error;
  }
}

/* ---------- staff home prompt ---------- */

/**
 * The prompt on the staff home page: the in-force version the signed-in person has not confirmed
 * yet, with «Ознакомлен(а)». Returns null when there is nothing to confirm.
 */
export async function regulationPrompt(c: Context<AppEnv>): Promise<Child | null> {
  const user = c.get("user");
  if (!user) return null;
  const pending = await pendingAcknowledgment(c.get("services"), user.staff.staffId);
  if (!pending) {
    return c.req.query("acknowledged") ? (
      <div class="notice ok" role="status">
        Спасибо: ознакомление с Положением записано.
      </div>
    ) : null;
  }
  return (
    <div class="card" id="regulation-prompt">
      <h2>Ознакомьтесь с Положением</h2>
      <p>
        Приказом от {ruDate(pending.orderDate)} № {pending.orderNumber} утверждено Положение об использовании
        ИКОП «Сферум» в национальном мессенджере «MAX» (редакция № {pending.no}). Прочитайте его и подтвердите
        ознакомление.
      </p>
      <p>
        <a href="/regulation.pdf">Открыть Положение (PDF)</a>
      </p>
      <form method="post" action={`/staff/regulations/${pending.versionId}/acknowledge`}>
        <CsrfField token={user.csrfToken} />
        <button type="submit">Ознакомлен(а)</button>
      </form>
    </div>
  );
}

/* ---------- routes ---------- */

const ADMINS = ["administrator"] as const;
const STATUS_READERS = ["administrator", "director"] as const;

export const regulationApp = new Hono<AppEnv>()
  // Public: the parents' page links here. Always the in-force version's signed PDF.
  .get("/regulation.pdf", async (c) => {
    const current = await new RegulationRepository(c.get("services")).current();
    if (!current) {
      throw new NotFoundError(
        "Действующей редакции Положения пока нет: оно ещё не утверждено приказом директора. Загляните позже.",
      );
    }
    return documentRedirect(c, current.documentId);
  })

  .get("/staff/regulations", requireStaff, (c) => regulationsPage(c, { notice: c.req.query("done") }))
  .post("/staff/regulations", requireRoles(...ADMINS), (c) =>
    pageAction(c, async () => {
      const input = await newVersionInput(c);
      const v = await new RegulationRepository(c.get("services")).create(
        input,
        staffActor(c, "administrator"),
      );
      return `Создан проект редакции № ${v.no}`;
    }),
  )
  .post("/staff/regulations/:versionId/approve", requireRoles("director"), (c) =>
    pageAction(c, async () => {
      const o = await approveVersion(
        c.get("services"),
        c.req.param("versionId"),
        {},
        staffActor(c, "director"),
      );
      return `Положение утверждено приказом от ${ruDate(o.date)} № ${o.number}`;
    }),
  )
  .post("/staff/regulations/:versionId/acknowledge", requireStaff, async (c) => {
    const user = c.get("user")!;
    await acknowledgeRegulation(c.get("services"), c.req.param("versionId"), user.staff, staffActor(c));
    return c.redirect("/staff?acknowledged=1", 303);
  })
  .get(
    "/staff/regulations/:versionId/text",
    requireRoles("administrator", "director", "council_secretary"),
    async (c) => {
      const repo = new RegulationRepository(c.get("services"));
      const v = await repo.require(c.req.param("versionId"));
      const text = await repo.text(v);
      return c.body(text, 200, {
        "content-type": "text/markdown; charset=utf-8",
        "content-disposition": `attachment; filename="regulation-v${v.no}.md"`,
        "cache-control": "no-store",
      });
    },
  )
  .get("/staff/regulations/documents/:documentId", requireStaff, async (c) => {
    const documentId = c.req.param("documentId");
    if (!(await mayDownload(c, documentId))) throw new NotFoundError("Документ не найден");
    return documentRedirect(c, documentId);
  })

  .get("/api/regulations", requireStaff, async (c) => {
    const repo = new RegulationRepository(c.get("services"));
    const [versions, current] = await Promise.all([repo.list(), repo.current()]);
    return c.json({ current: currentJson(current), versions: versions.map(versionJson) });
  })
  .post("/api/regulations", requireRoles(...ADMINS), async (c) => {
    const input = await newVersionInput(c);
    const v = await new RegulationRepository(c.get("services")).create(input, staffActor(c, "administrator"));
    return c.json(versionJson(v), 201);
  })
  .get("/api/regulations/current", requireStaff, async (c) => {
    return c.json({ current: currentJson(await new RegulationRepository(c.get("services")).current()) });
  })
  .get("/api/regulations/:versionId", requireStaff, async (c) => {
    return c.json(
      versionJson(await new RegulationRepository(c.get("services")).require(c.req.param("versionId"))),
    );
  })
  .post("/api/regulations/:versionId/approve", requireRoles("director"), async (c) => {
    const body = await optionalJson(c, approveInputSchema);
    const o = await approveVersion(
      c.get("services"),
      c.req.param("versionId"),
      body,
      staffActor(c, "director"),
    );
    return c.json(
      {
        orderId: o.orderId,
        number: o.number,
        date: o.date,
        documentId: o.documentId,
        regulationDocumentId: o.regulationDocumentId,
      },
      201,
    );
  })
  .post("/api/regulations/:versionId/repeal", requireRoles("director"), async (c) => {
    const body = await readJson(c, repealInputSchema);
    const v = await repealVersion(
      c.get("services"),
      c.req.param("versionId"),
      body,
      staffActor(c, "director"),
    );
    return c.json(versionJson(v));
  })
  .post("/api/regulations/:versionId/acknowledge", requireStaff, async (c) => {
    const user = c.get("user")!;
    const r = await acknowledgeRegulation(
      c.get("services"),
      c.req.param("versionId"),
      user.staff,
      staffActor(c),
    );
    return c.json(
      {
        versionId: r.acknowledgment.versionId,
        date: r.acknowledgment.date,
        alreadyConfirmed: r.alreadyConfirmed,
        sheetDocumentId: r.sheetDocumentId,
      },
      r.alreadyConfirmed ? 200 : 201,
    );
  })
  .get("/api/regulations/:versionId/acknowledgments", requireRoles(...STATUS_READERS), async (c) => {
    const status = await acknowledgmentStatus(c.get("services"), c.req.param("versionId"));
    if (!status) throw new NotFoundError("Эта редакция сейчас не действует");
    return c.json({
      versionId: status.current.versionId,
      confirmed: status.confirmed.map(({ staffId, fullName, position, date }) => ({
        staffId,
        fullName,
        position,
        date,
      })),
      pending: status.pending,
      sheetDocumentId: status.sheet?.documentId ?? null,
    });
  });
