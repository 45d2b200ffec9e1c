import { ruDate } from "@soglasie/core/clock";
import { isParentDocument } from "@soglasie/core/documents/records/access";
import { STATUS_LABELS } from "@soglasie/core/documents/service";
import {
  DOCUMENT_TYPE_LABELS,
  type DocumentRecord,
  type SignatureLevel,
  type VerifyLongTerm,
  type VerifyResult,
} from "@soglasie/core/documents/types";
import { fileVerdict, recordVerdict, type VerifyVerdict } from "@soglasie/core/documents/verdict";
import type { Child } from "hono/jsx";
import { pageDateTime } from "../../../http/time.js";
import { PERSONAL_TYPES, publicStatusChange } from "../json.js";

/** One fact of a document: a two-column table labelled by its row headers (stacked on a phone). */
function Row(props: { label: string; children?: Child }) {
  return (
    <tr>
      <th scope="row">{props.label}</th>
      <td>{props.children}</td>
    </tr>
  );
}

/** The PAdES level in words (docs/documents.md «Подписи, которые живут долго»). */
export const LEVEL_TEXT: Record<SignatureLevel, string> = {
  "B-B": "PAdES B-B — подпись без метки времени: время подписания указала сама организация",
  "B-T": "PAdES B-T — подпись с меткой времени независимой службы",
  "B-LT": "PAdES B-LT — с меткой времени и данными для долговременной проверки",
  "B-LTA": "PAdES B-LTA — с меткой времени, данными для долговременной проверки и архивной меткой времени",
};

const KIND_LABEL = { signature: "Метка времени подписи", document: "Метка времени документа" } as const;

function timestampVerdict(t: VerifyLongTerm["timestamps"][number]): string {
  if (!t.imprintMatches) return "неверна: метка относится к другим данным";
  if (!t.signatureValid) return "неверна: подпись службы меток времени не проходит проверку";
  return "верна: отпечаток совпадает, подпись службы верна";
}

/** Rows of the level and of each timestamp of a checked file. */
function LongTermRows(props: { longTerm: VerifyLongTerm; timeZone: string }) {
  const lt = props.longTerm;
  return (
    <>
      <Row label="Уровень подписи">{LEVEL_TEXT[lt.level]}</Row>
      {lt.timestamps.map((t) => (
        <Row label={KIND_LABEL[t.kind]}>
          {t.time ? pageDateTime(new Date(t.time), props.timeZone) : "время не прочитано"}
          {t.authority ? `, служба «${t.authority}»` : ""} — {timestampVerdict(t)}
        </Row>
      ))}
      {lt.dss && (
        <Row label="Данные для проверки">
          сертификатов: {lt.dss.certificates}; списков отзыва и ответов OCSP:{" "}
          {lt.dss.crls + lt.dss.ocsps === 0
            ? "нет (удостоверяющий центр их не публикует)"
            : lt.dss.crls + lt.dss.ocsps}
        </Row>
      )}
    </>
  );
}

/** The verdict's look: a tone (colour and icon, never colour alone) and its heading. */
const TONES: Record<VerifyVerdict, { tone: "ok" | "warn" | "bad"; icon: string }> = {
  valid: { tone: "ok", icon: "✔" },
  replaced: { tone: "warn", icon: "!" },
  withdrawn: { tone: "warn", icon: "!" },
  altered: { tone: "bad", icon: "✖" },
  foreign: { tone: "bad", icon: "✖" },
};

/** Headings of a checked file's verdict. */
const FILE_HEADINGS: Record<VerifyVerdict, string> = {
  valid: "Документ подлинный и действует",
  replaced: "Документ подлинный, но заменён",
  withdrawn: "Документ подлинный, но отозван",
  altered: "Файл изменён после подписания",
  foreign: "Документ не выдавался колледжем",
};

/** Headings of a registered document looked up by its id (no file checked yet). */
const RECORD_HEADINGS: Record<"valid" | "replaced" | "withdrawn", string> = {
  valid: "Документ выдан и действует",
  replaced: "Документ заменён более новым",
  withdrawn: "Документ отозван",
};

const RECORD_TEXT: Record<keyof typeof RECORD_HEADINGS, string> = {
  valid: "Он действует.",
  replaced: "Он не действует: его заменил более новый документ.",
  withdrawn: "Он не действует: документ отозван.",
};

/** «Действует» of a verdict: only a valid document is in force; the reason otherwise. */
const IN_FORCE: Record<VerifyVerdict, string> = {
  valid: "да",
  replaced: "нет — заменён более новым документом",
  withdrawn: "нет — отозван",
  altered: "нет — изменённый файл не имеет силы документа",
  foreign: "нет — документ не выдавался колледжем",
};

/** The coloured box of one verdict: its heading, then what it means. */
export function Verdict(props: { verdict: VerifyVerdict; heading: string; children?: Child }) {
  const look = TONES[props.verdict];
  return (
    <div class={`verdict ${look.tone}`} data-verdict={props.verdict} role="status">
      <h2>
        <span aria-hidden="true">{look.icon} </span>
        {props.heading}
      </h2>
      {props.children}
    </div>
  );
}

function Sha(props: { value: string }) {
  return <code class="sha">{props.value}</code>;
}

/** The status of a registered document, with its successor for staff documents. */
function StatusText(props: { record: DocumentRecord; timeZone: string }) {
  const r = props.record;
  const change = publicStatusChange(r);
  return (
    <>
      <strong>{STATUS_LABELS[r.status]}</strong>
      {r.status === "superseded" && change.supersededBy && (
        <>
          {" "}
          — заменён <a href={`/verify/${change.supersededBy}`}>более новым документом</a>
        </>
      )}
      {r.status === "superseded" && isParentDocument(r) && <> — заменён более поздним документом</>}
      {change.statusChangedAt && r.status !== "current" && (
        <> ({pageDateTime(new Date(change.statusChangedAt), props.timeZone)})</>
      )}
    </>
  );
}

/** The registration data of an issued document (the title only for non-personal types). */
export function RecordTable(props: { record: DocumentRecord; timeZone: string }) {
  const r = props.record;
  const parents = isParentDocument(r);
  return (
    <table class="details">
      <tbody>
        <Row label="Вид документа">{DOCUMENT_TYPE_LABELS[r.type]}</Row>
        {!PERSONAL_TYPES.has(r.type) && !parents && <Row label="Наименование">{r.title}</Row>}
        <Row label="Регистрационный номер">{r.number}</Row>
        <Row label="Дата">{ruDate(r.date)}</Row>
        <Row label="Действует">{IN_FORCE[recordVerdict(r)]}</Row>
        <Row label="Статус">
          <StatusText record={r} timeZone={props.timeZone} />
        </Row>
        <Row label="Подписан">{pageDateTime(new Date(r.signedAt), props.timeZone)}</Row>
        <Row label="Владелец сертификата">{r.signer.owner}</Row>
        <Row label="Сертификат">
          № {r.signer.serial}, действителен с {ruDate(r.signer.validFrom)} по {ruDate(r.signer.validTo)}
        </Row>
        <Row label="Уровень подписи">{LEVEL_TEXT[r.level ?? "B-B"]}</Row>
        {(r.timestamps ?? []).map((t) => (
          <Row label={KIND_LABEL[t.kind]}>
            {pageDateTime(new Date(t.time), props.timeZone)}, служба «{t.authority}»
          </Row>
        ))}
        <Row label="SHA-256 файла">
          <Sha value={r.sha256} />
        </Row>
      </tbody>
    </table>
  );
}

/** The page of a registered document (the QR code's link): its verdict and its data. */
export function RecordCard(props: { record: DocumentRecord; orgName: string; timeZone: string }) {
  const verdict = recordVerdict(props.record) as keyof typeof RECORD_HEADINGS;
  return (
    <div class="card">
      <Verdict verdict={verdict} heading={RECORD_HEADINGS[verdict]}>
        <p>
          Документ выдан {props.orgName} и подписан электронной подписью организации. {RECORD_TEXT[verdict]}
        </p>
      </Verdict>
      <RecordTable record={props.record} timeZone={props.timeZone} />
    </div>
  );
}

/** The outcome of checking an uploaded file: one verdict, and rows that say the same. */
export function ResultCard(props: { result: VerifyResult; orgName: string; timeZone: string }) {
  const v = props.result;
  const verdict = fileVerdict(v);
  const genuine = verdict === "valid" || verdict === "replaced" || verdict === "withdrawn";
  const named =
    v.type && v.number && v.date && `${DOCUMENT_TYPE_LABELS[v.type]} № ${v.number} от ${ruDate(v.date)}`;
  return (
    <div class="card">
      <Verdict verdict={verdict} heading={FILE_HEADINGS[verdict]}>
        <p>{v.message}</p>
        {verdict === "altered" && (
          <p>Запросите документ заново у того, кто его выдал, или проверьте исходный файл.</p>
        )}
      </Verdict>
      <table class="details">
        <tbody>
          <Row label="Подлинность">
            {genuine
              ? `подлинный: файл совпадает с выданным ${props.orgName}, подпись верна`
              : verdict === "altered"
                ? "нет: содержимое отличается от выданного документа"
                : `нет: ${props.orgName} такой документ не выдавал`}
          </Row>
          <Row label="Действует">{IN_FORCE[verdict]}</Row>
          {genuine && v.type && <Row label="Вид документа">{DOCUMENT_TYPE_LABELS[v.type]}</Row>}
          {genuine && v.number && <Row label="Регистрационный номер">{v.number}</Row>}
          {genuine && v.date && <Row label="Дата">{ruDate(v.date)}</Row>}
          {genuine && v.signedAt && (
            <Row label="Подписан">{pageDateTime(new Date(v.signedAt), props.timeZone)}</Row>
          )}
          {v.longTerm && verdict !== "foreign" && (
            <LongTermRows longTerm={v.longTerm} timeZone={props.timeZone} />
          )}
          {verdict === "altered" && named && <Row label="Выданный документ">{named}</Row>}
          <Row label="SHA-256 этого файла">
            <Sha value={v.sha256} />
          </Row>
        </tbody>
      </table>
      {v.documentId && (
        <p>
          <a href={`/verify/${v.documentId}`}>
            {verdict === "altered" ? "Сведения о выданном документе" : "Сведения о документе"}
          </a>
        </p>
      )}
    </div>
  );
}

/** The verification pages' own styles: the verdict's colours (AA contrast) and a table that fits 360 px. */
export const VERIFY_CSS = `
.verdict{border:2px solid;border-left-width:8px;border-radius:8px;padding:.7rem 1rem;margin:0 0 1rem}
.verdict h2{margin:0 0 .3rem;font-size:1.2rem}
.verdict p{margin:.3rem 0 0}
.verdict.ok{border-color:#137333;background:#e6f4ea;color:#0d4f23}
.verdict.warn{border-color:#b06000;background:#fef7e0;color:#5c3200}
.verdict.bad{border-color:#b3261e;background:#fdecea;color:#5f0f0a}
table.details th{width:40%}
table.details td{overflow-wrap:anywhere}
code.sha{word-break:break-all;font-size:.85rem}
@media (max-width:30rem){
table.details,table.details tbody,table.details tr,table.details th,table.details td{display:block;width:auto}
table.details tr{border-bottom:1px solid #ddd;padding:.35rem 0}
table.details th,table.details td{border:0;padding:.1rem .25rem;background:none}
table.details th{color:#3d3d3d;font-size:.9rem}
}
`;
