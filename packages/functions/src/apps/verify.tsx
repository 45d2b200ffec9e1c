import { ruDate, ruDateTime } from "@soglasie/core/clock";
import { STATUS_LABELS } from "@soglasie/core/documents/service";
import type { DocumentRecord, DocumentType, VerifyResult } from "@soglasie/core/documents/types";
import { DOCUMENT_TYPE_LABELS } from "@soglasie/core/documents/types";
import type { Services } from "@soglasie/core/services";
import type { Context } from "hono";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Child } from "hono/jsx";
import { parseFormBody } from "../http/body.js";
import type { AppEnv } from "../http/env.js";
import { Layout, page } from "../http/layout.js";

/**
 * Public verification of issued documents (the QR code of every PDF leads here):
 *   GET  /verify                 a page with a form to check a PDF file
 *   GET  /verify/:documentId     the document's registration data and status
 *   POST /verify                 (multipart, field "file") the check of an uploaded PDF, as a page
 *   GET  /api/verify/:documentId JSON: type, number, date, status, sha256, signer, signedAt
 *   POST /api/verify             body: the PDF (application/pdf, ≤ 20 MB) → {issued, unaltered, current, ...}
 * Pages show no personal data: consents and refusals appear by their type only.
 */

export const MAX_VERIFY_BYTES = 20 * 1024 * 1024;
const TOO_LARGE = "Файл больше 20 МБ";

/** Types whose record title must not be shown publicly (they concern one student). */
const PERSONAL_TYPES: ReadonlySet<DocumentType> = new Set(["consent", "refusal"]);

const publicTitle = (r: Pick<DocumentRecord, "type" | "title">) =>
  PERSONAL_TYPES.has(r.type) ? DOCUMENT_TYPE_LABELS[r.type] : r.title;

/** The public view of a record (JSON API). */
export function publicRecord(r: DocumentRecord) {
  return {
    documentId: r.documentId,
    type: r.type,
    typeLabel: DOCUMENT_TYPE_LABELS[r.type],
    title: publicTitle(r),
    number: r.number,
    date: r.date,
    status: r.status,
    statusLabel: STATUS_LABELS[r.status],
    ...(r.supersededBy ? { supersededBy: r.supersededBy } : {}),
    ...(r.statusChangedAt ? { statusChangedAt: r.statusChangedAt } : {}),
    sha256: r.sha256,
    signer: r.signer,
    signedAt: r.signedAt,
  };
}

/** The public part of a bytes check (the record's own title is replaced for personal types). */
function publicVerifyResult(v: VerifyResult) {
  return v.type ? { ...v, title: publicTitle({ type: v.type, title: v.title ?? "" }) } : v;
}

function Row(props: { label: string; children?: Child }) {
  return (
    <tr>
      <th scope="row">{props.label}</th>
      <td>{props.children}</td>
    </tr>
  );
}

function RecordTable(props: { record: DocumentRecord; timeZone: string }) {
  const r = props.record;
  return (
    <table class="details">
      <tbody>
        <Row label="Вид документа">{DOCUMENT_TYPE_LABELS[r.type]}</Row>
        {!PERSONAL_TYPES.has(r.type) && <Row label="Наименование">{r.title}</Row>}
        <Row label="Регистрационный номер">{r.number}</Row>
        <Row label="Дата">{ruDate(r.date)}</Row>
        <Row label="Статус">
          <strong>{STATUS_LABELS[r.status]}</strong>
          {r.status === "superseded" && r.supersededBy && (
            <>
              {" "}
              — заменён <a href={`/verify/${r.supersededBy}`}>более новым документом</a>
            </>
          )}
          {r.statusChangedAt && r.status !== "current" && (
            <> ({ruDateTime(new Date(r.statusChangedAt), props.timeZone)})</>
          )}
        </Row>
        <Row label="Подписан">{ruDateTime(new Date(r.signedAt), props.timeZone)}</Row>
        <Row label="Владелец сертификата">{r.signer.owner}</Row>
        <Row label="Сертификат">
          № {r.signer.serial}, действителен с {ruDate(r.signer.validFrom)} по {ruDate(r.signer.validTo)}
        </Row>
        <Row label="SHA-256 файла">
          <code style="word-break:break-all">{r.sha256}</code>
        </Row>
      </tbody>
    </table>
  );
}

function UploadForm() {
  return (
    <form method="post" action="/verify" enctype="multipart/form-data">
      <label for="f-file">Проверить файл PDF (до 20 МБ)</label>
      <input id="f-file" type="file" name="file" accept="application/pdf,.pdf" required />
      <p>
        <button type="submit">Проверить</button>
      </p>
    </form>
  );
}

function VerifyPage(props: { orgName: string; title: string; children?: Child }) {
  return page(
    <Layout title={`${props.title} — Согласие`} orgName={props.orgName} narrow>
      <h1>{props.title}</h1>
      {props.children}
    </Layout>,
  );
}

function ResultCard(props: { result: VerifyResult; timeZone: string }) {
  const v = props.result;
  const ok = v.issued && v.unaltered && v.current;
  return (
    <div class="card" role="status">
      <p>
        <strong>{ok ? "✔ " : "✖ "}</strong>
        {v.message}
      </p>
      <table class="details">
        <tbody>
          <Row label="Выдан этим сервисом">{v.issued ? "да" : "нет"}</Row>
          <Row label="Не изменён">{v.unaltered ? "да" : "нет"}</Row>
          <Row label="Действует">{v.current ? "да" : "нет"}</Row>
          {v.type && <Row label="Вид документа">{DOCUMENT_TYPE_LABELS[v.type]}</Row>}
          {v.number && <Row label="Регистрационный номер">{v.number}</Row>}
          {v.date && <Row label="Дата">{ruDate(v.date)}</Row>}
          {v.signedAt && <Row label="Подписан">{ruDateTime(new Date(v.signedAt), props.timeZone)}</Row>}
          <Row label="SHA-256 файла">
            <code style="word-break:break-all">{v.sha256}</code>
          </Row>
        </tbody>
      </table>
      {v.documentId && (
        <p>
          <a href={`/verify/${v.documentId}`}>Сведения о документе</a>
        </p>
      )}
    </div>
  );
}

const noStore = (c: Context) => c.header("Cache-Control", "no-store");

export function verifyApp(services: Services): Hono<AppEnv> {
  const { config, documents } = services;
  const orgName = config.org.shortName;
  const app = new Hono<AppEnv>();
  const limit = bodyLimit({
    maxSize: MAX_VERIFY_BYTES + 64 * 1024,
    onError: (c) =>
      c.req.path.startsWith("/api/")
        ? c.json({ error: { code: "payload_too_large", message: TOO_LARGE } }, 413)
        : c.html(VerifyPage({ orgName, title: "Проверка документа", children: <p>{TOO_LARGE}</p> }), 413),
  });

  app.get("/verify", (c) => {
    noStore(c);
    return c.html(
      VerifyPage({
        orgName,
        title: "Проверка документа",
        children: (
          <div class="card">
            <p>
              Загрузите PDF-документ, выданный {config.org.shortName}, чтобы проверить, что он подлинный, не
              изменён и действует.
            </p>
            <UploadForm />
          </div>
        ),
      }),
    );
  });

  app.get("/verify/:documentId", async (c) => {
    noStore(c);
    const record = await documents.get(c.req.param("documentId"));
    if (!record) {
      return c.html(
        VerifyPage({
          orgName,
          title: "Документ не найден",
          children: (
            <div class="card">
              <p>Документ с таким идентификатором не выдавался {config.org.shortName}. Проверьте ссылку.</p>
              <UploadForm />
            </div>
          ),
        }),
        404,
      );
    }
    return c.html(
      VerifyPage({
        orgName,
        title: "Проверка документа",
        children: (
          <div class="card">
            <p>
              Документ выдан {config.org.shortName} и подписан электронной подписью организации.
              {record.status === "current"
                ? " Документ действует."
                : ` Статус: ${STATUS_LABELS[record.status]}.`}
            </p>
            <RecordTable record={record} timeZone={config.timeZone} />
            <p>Чтобы убедиться, что ваш файл совпадает с выданным, загрузите его:</p>
            <UploadForm />
          </div>
        ),
      }),
    );
  });

  app.post("/verify", limit, async (c) => {
    noStore(c);
    const body = await parseFormBody(c);
    const file = body.file;
    if (!(file instanceof File) || file.size === 0) {
      return c.html(
        VerifyPage({
          orgName,
          title: "Проверка документа",
          children: (
            <div class="card">
              <p role="alert">Выберите PDF-файл для проверки.</p>
              <UploadForm />
            </div>
          ),
        }),
        400,
      );
    }
    if (file.size > MAX_VERIFY_BYTES) {
      return c.html(VerifyPage({ orgName, title: "Проверка документа", children: <p>{TOO_LARGE}</p> }), 413);
    }
    const result = await documents.verifyBytes(new Uint8Array(await file.arrayBuffer()));
    return c.html(
      VerifyPage({
        orgName,
        title: "Результат проверки",
        children: (
          <>
            <ResultCard result={result} timeZone={config.timeZone} />
            <UploadForm />
          </>
        ),
      }),
    );
  });

  app.get("/api/verify/:documentId", async (c) => {
    noStore(c);
    const record = await documents.get(c.req.param("documentId"));
    if (!record) return c.json({ error: { code: "not_found", message: "Документ не найден" } }, 404);
    return c.json(publicRecord(record));
  });

  app.post("/api/verify", limit, async (c) => {
    noStore(c);
    const type = (c.req.header("content-type") ?? "").toLowerCase();
    if (!type.startsWith("application/pdf") && !type.startsWith("application/octet-stream")) {
      return c.json(
        {
          error: {
            code: "unsupported_media_type",
            message: "Отправьте файл PDF (Content-Type: application/pdf)",
          },
        },
        415,
      );
    }
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength > MAX_VERIFY_BYTES) {
      return c.json({ error: { code: "payload_too_large", message: TOO_LARGE } }, 413);
    }
    if (bytes.byteLength === 0) {
      return c.json({ error: { code: "validation_error", message: "Пустое тело запроса" } }, 400);
    }
    return c.json(publicVerifyResult(await documents.verifyBytes(bytes)));
  });

  return app;
}
