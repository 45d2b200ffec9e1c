import type { ChatOffer } from "@soglasie/core/chat/group-chat";
import { ruDate } from "@soglasie/core/clock";
import { ALTERNATIVE_LABELS, signerRoleLabel } from "@soglasie/core/consent/schemas";
import type { Decision } from "@soglasie/core/consent/types";
import { shortName } from "@soglasie/core/roster/normalize";
import { Layout } from "../../../../http/layout.js";
import { pageDateTime } from "../../../../http/time.js";
import { Contact, DECISION_LABELS, type LinkPageProps, ParentStyles, SafeMode } from "./parts.js";

export interface ReceiptProps extends LinkPageProps {
  decision: Decision;
  /** The group chat in Sferum/MAX (clause 2.5): an invitation for a consenting parent only. */
  chat?: ChatOffer;
  pdfUrl: string;
  personalDataPdfUrl?: string;
  withdrawalPdfUrl?: string;
  /** The verification URL as the PDF and its QR code carry it (shown), and its path on this site (the link). */
  verifyUrl: string;
  verifyHref: string;
  changeUrl: string;
  justRecorded: boolean;
  history: Array<{
    decision: Decision["decision"];
    documentNumber: string;
    decidedAt: string;
    pdfUrl: string;
  }>;
}

const HEADLINES = {
  consent: "Вы дали согласие на использование «Сферума» в мессенджере MAX.",
  refusal: "Вы отказались от использования «Сферума» в мессенджере MAX.",
  withdrawal: "Вы отозвали согласие на обработку персональных данных.",
} as const;

const TITLES = {
  consent: "Согласие записано",
  refusal: "Отказ записан",
  withdrawal: "Отзыв записан",
} as const;

/**
 * After an answer: what was signed and where the documents are. The addresses and document numbers
 * of a personal-data consent are shown nowhere here: they are in its PDF only.
 */
export function ReceiptPage(props: ReceiptProps) {
  const d = props.decision;
  const kind = DECISION_LABELS[d.decision];
  return (
    <Layout title={`${TITLES[d.decision]} — ${props.orgName}`} orgName={props.orgFullName} narrow>
      <ParentStyles />
      <h1>{props.justRecorded ? "Ваше решение записано" : "Ваше решение"}</h1>
      <div class={`notice${d.decision === "consent" ? " ok" : ""}`} role="status">
        <p>
          <strong>{HEADLINES[d.decision]}</strong>
        </p>
        <p>
          {d.personalData || (d.withdrawal && d.decision !== "withdrawal")
            ? "Документы подписаны электронной подписью колледжа и сохранены."
            : "Документ подписан электронной подписью колледжа и сохранён."}
        </p>
      </div>
      <div class="card">
        <dl class="facts">
          <dt>Документ</dt>
          <dd>
            {kind} № {d.documentNumber} от {ruDate(d.documentDate)}
          </dd>
          <dt>Обучающийся</dt>
          <dd>
            {props.studentName}, группа {props.groupCode}
          </dd>
          <dt>Подписал(а)</dt>
          <dd>
            {shortName(d.parentName)} ({signerRoleLabel(d)})
          </dd>
          <dt>Время подписания</dt>
          <dd>{pageDateTime(new Date(d.decidedAt), props.timeZone)}</dd>
          {d.personalData && (
            <>
              <dt>Согласие на обработку персональных данных</dt>
              <dd>
                № {d.personalData.documentNumber} — адреса и сведения о документах есть только в этом
                документе
              </dd>
            </>
          )}
          {d.withdrawal && (
            <>
              <dt>Отзыв согласия</dt>
              <dd>
                № {d.withdrawal.documentNumber}: колледж прекратит обработку и уничтожит данные для «Сферума»
                не позднее {ruDate(d.withdrawal.deadline)}
              </dd>
            </>
          )}
          {d.decision === "refusal" && (
            <>
              <dt>Способы связи</dt>
              <dd>
                {d.alternatives.length > 0
                  ? d.alternatives.map((a) => ALTERNATIVE_LABELS[a]).join("; ")
                  : "не выбраны — доступны все способы пункта 1.8"}
              </dd>
            </>
          )}
        </dl>
        <p>
          <a class="button block" href={props.pdfUrl}>
            Скачать документ (PDF)
          </a>
        </p>
        {props.personalDataPdfUrl && (
          <p>
            <a class="button block secondary" href={props.personalDataPdfUrl}>
              Скачать согласие на обработку персональных данных (PDF)
            </a>
          </p>
        )}
        {props.withdrawalPdfUrl && d.decision !== "withdrawal" && (
          <p>
            <a class="button block secondary" href={props.withdrawalPdfUrl}>
              Скачать отзыв согласия на обработку персональных данных (PDF)
            </a>
          </p>
        )}
        <p>
          Проверить подлинность документа:{" "}
          <a class="url" href={props.verifyHref}>
            {props.verifyUrl}
          </a>
        </p>
      </div>
      {props.chat?.kind === "invitation" && (
        <div class="card" id="group-chat">
          <h2 style="margin-top:0">Чат родителей группы</h2>
          <p>
            Присоединяйтесь к чату родителей группы {props.groupCode} в «Сферуме» (мессенджер MAX) по
            ссылке-приглашению. Она только для вас: не пересылайте её другим.
          </p>
          <p>
            <a class="button block" href={props.chat.url} rel="noopener noreferrer">
              Перейти в чат группы
            </a>
          </p>
        </div>
      )}
      {props.chat?.kind === "ask-teacher" && (
        <div class="notice" id="group-chat">
          Ссылку-приглашение в чат родителей группы в «Сферуме» пришлёт классный руководитель.
        </div>
      )}
      {d.decision !== "consent" && (
        <div class="notice">
          По пункту 1.8 Положения для вас остаются доступными дневник обучающегося в АИС «Сетевой город.
          Образование», очные встречи по предварительной договорённости и родительские собрания.
        </div>
      )}
      <SafeMode />
      <p>
        <a class="button block secondary" href={props.changeUrl}>
          Изменить решение
        </a>
        <span class="hint">
          По той же ссылке, пока она действует: будет подписан новый документ, прежний станет недействующим.
        </span>
      </p>
      {props.history.length > 0 && (
        <details class="card">
          <summary>Прежние решения ({props.history.length})</summary>
          <ul>
            {props.history.map((h) => (
              <li>
                <a href={h.pdfUrl}>
                  {DECISION_LABELS[h.decision]} № {h.documentNumber}
                </a>{" "}
                от {pageDateTime(new Date(h.decidedAt), props.timeZone)} — заменено
              </li>
            ))}
          </ul>
        </details>
      )}
      <Contact orgFullName={props.orgFullName} classTeachers={props.classTeachers} explainIkop />
    </Layout>
  );
}
