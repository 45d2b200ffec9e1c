import { ruDate } from "@soglasie/core/clock";
import type { Decision } from "@soglasie/core/consent/types";
import type { ClassTeacherContact } from "@soglasie/core/staff/parent-contacts";
import { FieldError } from "../../../../http/layout.js";
import { pageDateTime } from "../../../../http/time.js";
import { describedBy, type Fields, invalid } from "./fields.js";

/** Extra styles of the parent's pages (the shared sheet covers the rest). */
const PARENT_CSS = `
.lead{font-size:1.05rem;margin:.2rem 0 1rem}
.card>h2:first-child{margin-top:0}
.card ul{padding-left:1.25rem}
.notice p:first-child{margin-top:0}.notice p:last-child{margin-bottom:0}
form.card fieldset{border:0;padding:0;margin:1.4rem 0 .6rem}
form.card legend{padding:0;font-size:1.05rem;margin-bottom:.2rem}
.options .choice{border:2px solid #8a8a8a;border-radius:10px;padding:.75rem .9rem;margin:.6rem 0;background:#fff;cursor:pointer}
.options .choice:has(input:checked){border-color:#0b57d0;background:#e8f0fe}
.options .choice strong{display:block}
.relations .choice{padding:.45rem 0;min-height:44px}
form:has(#f-decision:checked) .alternatives{display:none}
.facts{display:grid;grid-template-columns:minmax(7rem,auto) 1fr;gap:.35rem .9rem;margin:0}
.facts dt{font-weight:600;color:#3d3d3d}.facts dd{margin:0;overflow-wrap:anywhere}
@media (max-width:26rem){.facts{grid-template-columns:1fr}.facts dd{margin-bottom:.45rem}}
.safe{border-left:4px solid #137333;background:#e6f4ea;padding:.8rem 1rem;border-radius:6px;margin:1rem 0}
.safe h2{margin-top:0}
.contact{font-size:.95rem;color:#3d3d3d;margin:1.5rem 0}
.contact h2{font-size:1.05rem;margin:0 0 .3rem;color:#1a1a1a}.contact p{margin:.3rem 0}.contact ul{margin:.2rem 0 .5rem;padding-left:1.25rem}
.contact a{overflow-wrap:anywhere}
.url{overflow-wrap:anywhere;font-size:.93rem}
button.block{font-size:1.05rem}
`;

/** What every page of a live link shows: the college, the student (short name) and the group. */
export interface LinkPageProps {
  orgName: string;
  orgFullName: string;
  studentName: string;
  groupCode: string;
  timeZone: string;
  /** The group's class teachers with the contacts each chose to show (staff/parent-contacts.ts). */
  classTeachers: ClassTeacherContact[];
}

export const DECISION_LABELS = {
  consent: "Согласие",
  refusal: "Отказ",
  withdrawal: "Отзыв согласия на обработку персональных данных",
} as const;

/** The parents' rules of the simple electronic signature in force, as the pages link them. */
export interface PepRulesRef {
  /** Absent until the first version is issued (by the first answer or the first download). */
  version?: number;
  date?: string;
  /** Public URL of that version's PDF. */
  url: string;
  /** This link has not accepted the version in force yet. */
  required: boolean;
}

/**
 * «С Правилами … ознакомлен(а) и принимаю» (63-FZ art. 9 p. 2): required while this link has not
 * accepted the version in force; the version shown is sent along, so a newer one cannot be
 * accepted unseen.
 */
export function PepRulesField(props: {
  rules: PepRulesRef;
  checked?: boolean;
  fields?: Fields;
  idSuffix?: string;
}) {
  const name = "pepRulesAccepted";
  const suffix = props.idSuffix ?? "";
  const id = `f-${name}${suffix}`;
  const { version, date } = props.rules;
  const link = (
    <a href={props.rules.url}>
      Правилами использования простой электронной подписи (
      {version && date ? `редакция № ${version} от ${ruDate(date)}, ` : ""}PDF)
    </a>
  );
  if (!props.rules.required) {
    return (
      <p class="hint">
        Документ будет подписан простой электронной подписью в соответствии с {link}, которые вы уже приняли.
      </p>
    );
  }
  return (
    <>
      {version && <input type="hidden" name="pepRulesVersion" value={String(version)} />}
      <label class="choice" for={id}>
        <input
          type="checkbox"
          id={id}
          name={name}
          value="on"
          checked={props.checked}
          required
          {...describedBy(`${name}${suffix}`, props.fields)}
          {...invalid(`${name}${suffix}`, props.fields)}
        />
        <span>С {link} ознакомлен(а) и принимаю.</span>
      </label>
      <FieldError name={`${name}${suffix}`} fields={props.fields} />
    </>
  );
}

/** `bySelf`: the page speaks to the adult student (no representative wording). */
export function SafeMode(props: { bySelf?: boolean } = {}) {
  if (props.bySelf)
    return (
      <section class="safe" aria-labelledby="safe-title">
        <h2 id="safe-title">Включите безопасный режим</h2>
        <p>
          По пункту 2.10 Положения каждый пользователь сам обеспечивает безопасность своего профиля в
          «Сферуме»: настройте в профиле <strong>безопасный режим</strong>. Тогда писать вам смогут только
          пользователи из контактов колледжа и из вашей телефонной книги.
        </p>
      </section>
    );
  return (
    <section class="safe" aria-labelledby="safe-title">
      <h2 id="safe-title">Включите безопасный режим</h2>
      <p>
        По пункту 2.10 Положения каждый пользователь сам обеспечивает безопасность своего профиля в «Сферуме»:
        настройте в профиле <strong>безопасный режим</strong>. Тогда писать вам и ребёнку смогут только
        пользователи из контактов колледжа и из вашей телефонной книги.
      </p>
      <p>
        Обучающийся настраивает безопасный режим вместе с родителем (законным представителем) — помогите ему.
      </p>
    </section>
  );
}

/** «tel:» of a typed phone: its digits and a leading plus. */
const telHref = (phone: string) => `tel:${phone.replace(/[^\d+]/g, "")}`;

/**
 * Whom to ask: the group's class teacher by name, with only the contacts they chose to show, and
 * the Sferum administrator. Without a class teacher on record, the college itself.
 */
export function Contact(props: {
  orgFullName: string;
  classTeachers: ClassTeacherContact[];
  /** The page has not explained «ИКОП» above (the receipt, the dead-link page). */
  explainIkop?: boolean;
}) {
  const teachers = props.classTeachers;
  const admin = props.explainIkop
    ? "администратору информационно-коммуникационной образовательной платформы (ИКОП) «Сферум»"
    : "администратору ИКОП «Сферум»";
  return (
    <section class="contact" aria-labelledby="contact-title">
      <h2 id="contact-title">Вопросы по ссылке и решению</h2>
      {teachers.length === 0 ? (
        <p>
          Задайте их классному руководителю группы или {admin} ({props.orgFullName}).
        </p>
      ) : (
        <>
          {teachers.map((t) => (
            <div class="teacher">
              <p>
                Классный руководитель — <strong>{t.fullName}</strong>
                {!t.contacts && " (спросите контакты в колледже или у обучающегося)"}
              </p>
              {t.contacts && (
                <ul>
                  {t.contacts.phone && (
                    <li>
                      Телефон: <a href={telHref(t.contacts.phone)}>{t.contacts.phone}</a>
                    </li>
                  )}
                  {t.contacts.email && (
                    <li>
                      Электронная почта: <a href={`mailto:${t.contacts.email}`}>{t.contacts.email}</a>
                    </li>
                  )}
                  {t.contacts.note && <li>{t.contacts.note}</li>}
                </ul>
              )}
            </div>
          ))}
          <p>
            Можно также обратиться к {admin} ({props.orgFullName}).
          </p>
        </>
      )}
    </section>
  );
}

export function About(props: { regulation?: { date: string; orderNumber: string }; bySelf?: boolean }) {
  return (
    <>
      <section class="card" aria-labelledby="about-title">
        <h2 id="about-title">Что такое «Сферум» в мессенджере MAX</h2>
        <p>
          «Сферум» — российская информационно-коммуникационная образовательная платформа (ИКОП) для учёбы и
          общения в защищённом электронном пространстве. Она встроена в национальный мессенджер MAX. Колледж
          использует её для чатов учебной группы{props.bySelf ? "" : " и родителей"}, сообщений от классного
          руководителя и преподавателей, онлайн-занятий и собраний.
        </p>
        <p>Пользоваться «Сферумом» можно бесплатно и круглосуточно. Вы можете согласиться или отказаться.</p>
      </section>
      <section class="card" aria-labelledby="data-title">
        <h2 id="data-title">Какие данные обрабатываются</h2>
        <ul>
          {props.bySelf ? (
            <li>ваши ФИО и учебная группа;</li>
          ) : (
            <>
              <li>ФИО обучающегося и его учебная группа;</li>
              <li>ваши ФИО и кем вы приходитесь обучающемуся;</li>
            </>
          )}
          <li>ваше решение и выбранные способы связи;</li>
          <li>дата и время подписания, IP-адрес и сведения о браузере — для простой электронной подписи;</li>
          <li>
            {props.bySelf
              ? "при согласии — ваши адрес и документ, удостоверяющий личность: закон требует указать их в согласии на обработку персональных данных, это отдельный документ;"
              : "при согласии — адреса и документы обучающегося и ваши: закон требует указать их в согласии на обработку персональных данных, это отдельный документ;"}
          </li>
          <li>
            в самом «Сферуме» — данные учётных записей MAX участников чатов (имя, номер телефона) и переписка.
          </li>
        </ul>
      </section>
      <p>
        <a href="/regulation.pdf">Положение об использовании ИКОП «Сферум» в мессенджере «MAX» (PDF)</a>
        {props.regulation && (
          <span class="hint">
            {" "}
            — утверждено приказом от {ruDate(props.regulation.date)} № {props.regulation.orderNumber}
          </span>
        )}
      </p>
    </>
  );
}

const CURRENT_WORDS = {
  consent: "согласие",
  refusal: "отказ",
  withdrawal: "согласие на обработку персональных данных отозвано",
} as const;

/** What the link's current decision is, with its documents. */
export function CurrentDecision(props: {
  decision: Decision & { pdfUrl: string; personalDataPdfUrl?: string; withdrawalPdfUrl?: string };
  timeZone: string;
}) {
  const d = props.decision;
  return (
    <div class={`notice${d.decision === "consent" ? " ok" : ""}`} role="status">
      <p>
        <strong>
          Ваше текущее решение: {CURRENT_WORDS[d.decision]} (
          {pageDateTime(new Date(d.decidedAt), props.timeZone)})
        </strong>
        , документ № {d.documentNumber}.
      </p>
      <ul>
        <li>
          <a href={d.pdfUrl}>{DECISION_LABELS[d.decision]} (PDF)</a>
        </li>
        {d.personalData && d.personalDataPdfUrl && (
          <li>
            <a href={d.personalDataPdfUrl}>
              Согласие на обработку персональных данных № {d.personalData.documentNumber} (PDF)
            </a>
          </li>
        )}
        {d.decision !== "withdrawal" && d.withdrawal && d.withdrawalPdfUrl && (
          <li>
            <a href={d.withdrawalPdfUrl}>
              Отзыв согласия на обработку персональных данных № {d.withdrawal.documentNumber} (PDF)
            </a>
          </li>
        )}
      </ul>
      {d.withdrawal && (
        <p>
          Колледж прекратит обработку персональных данных для «Сферума» и уничтожит их не позднее{" "}
          {ruDate(d.withdrawal.deadline)}.
        </p>
      )}
      <p>Ниже можно изменить решение: будет подписан новый документ, прежний станет недействующим.</p>
    </div>
  );
}

/** The parent pages' own styles, inside their page. */
export function ParentStyles() {
  return <style dangerouslySetInnerHTML={{ __html: PARENT_CSS }} />;
}
