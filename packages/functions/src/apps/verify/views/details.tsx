import { ruDate, ruDateTime } from "@soglasie/core/clock";
import { isParentDocument } from "@soglasie/core/documents/records/access";
import { STATUS_LABELS } from "@soglasie/core/documents/service";
import { DOCUMENT_TYPE_LABELS, type DocumentRecord, type VerifyResult } from "@soglasie/core/documents/types";
import type { Child } from "hono/jsx";
import { PERSONAL_TYPES, publicStatusChange } from "../json.js";

/** One fact of a document: a two-column table labelled by its row headers. */
function Row(props: { label: string; children?: Child }) {
  return (
    <tr>
      <th scope="row">{props.label}</th>
      <td>{props.children}</td>
    </tr>
  );
}

/** The registration data of an issued document (the title only for non-personal types). */
export function RecordTable(props: { record: DocumentRecord; timeZone: string }) {
  const r = props.record;
  const parents = isParentDocument(r);
  const change = publicStatusChange(r);
  return (
    <table class="details">
      <tbody>
        <Row label="Вид документа">{DOCUMENT_TYPE_LABELS[r.type]}</Row>
        {!PERSONAL_TYPES.has(r.type) && !parents && <Row label="Наименование">{r.title}</Row>}
        <Row label="Регистрационный номер">{r.number}</Row>
        <Row label="Дата">{ruDate(r.date)}</Row>
        <Row label="Статус">
          <strong>{STATUS_LABELS[r.status]}</strong>
          {r.status === "superseded" && change.supersededBy && (
            <>
              {" "}
              — заменён <a href={`/verify/${change.supersededBy}`}>более новым документом</a>
            </>
          )}
          {r.status === "superseded" && parents && <> — заменён более поздним документом</>}
          {change.statusChangedAt && r.status !== "current" && (
            <> ({ruDateTime(new Date(change.statusChangedAt), props.timeZone)})</>
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

/** The outcome of checking an uploaded file. */
export function ResultCard(props: { result: VerifyResult; timeZone: string }) {
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
