import { ruDate, ruDateTime } from "@soglasie/core/clock";
import { ALTERNATIVE_KEYS, ALTERNATIVE_LABELS, RELATION_KEYS } from "@soglasie/core/consent/schemas";
import type { Decision } from "@soglasie/core/consent/types";
import { RELATIONS } from "@soglasie/core/documents/schemas";
import { shortName } from "@soglasie/core/roster/normalize";
import { ErrorSummary, FieldError, Layout } from "../../http/layout.js";

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
.contact{font-size:.95rem;color:#3d3d3d}
.url{overflow-wrap:anywhere;font-size:.93rem}
button.block{font-size:1.05rem}
`;

export interface FormValues {
  decision?: string;
  parentName?: string;
  relation?: string;
  alternatives?: string[];
  confirm?: boolean;
}

export interface ParentPageProps {
  orgName: string;
  orgFullName: string;
  studentName: string;
  groupCode: string;
  expiresOn: string;
  regulation?: { date: string; orderNumber: string };
  current?: Decision & { pdfUrl: string };
  csrf: string;
  action: string;
  values: FormValues;
  error?: string;
  fields?: Record<string, string[]>;
  timeZone: string;
}

export const DECISION_LABELS = { consent: "Согласие", refusal: "Отказ" } as const;

export function SafeMode() {
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

function Contact(props: { orgFullName: string }) {
  return (
    <p class="contact">
      Вопросы по ссылке и решению — классному руководителю группы или администратору ИКОП «Сферум» (
      {props.orgFullName}).
    </p>
  );
}

function About(props: { regulation?: { date: string; orderNumber: string } }) {
  return (
    <>
      <section class="card" aria-labelledby="about-title">
        <h2 id="about-title">Что такое «Сферум» в мессенджере MAX</h2>
        <p>
          «Сферум» — российская образовательная платформа для учёбы и общения в защищённом электронном
          пространстве. Она встроена в национальный мессенджер MAX. Колледж использует её для чатов учебной
          группы и родителей, сообщений от классного руководителя и преподавателей, онлайн-занятий и собраний.
        </p>
        <p>Пользоваться «Сферумом» можно бесплатно и круглосуточно. Вы можете согласиться или отказаться.</p>
      </section>
      <section class="card" aria-labelledby="data-title">
        <h2 id="data-title">Какие данные обрабатываются</h2>
        <ul>
          <li>ФИО обучающегося и его учебная группа;</li>
          <li>ваши ФИО и кем вы приходитесь обучающемуся;</li>
          <li>ваше решение и выбранные способы связи;</li>
          <li>дата и время подписания, IP-адрес и сведения о браузере — для простой электронной подписи;</li>
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

export function CurrentDecision(props: { decision: Decision & { pdfUrl: string }; timeZone: string }) {
  const d = props.decision;
  return (
    <div class={`notice${d.decision === "consent" ? " ok" : ""}`} role="status">
      <p>
        <strong>
          Ваше текущее решение: {d.decision === "consent" ? "согласие" : "отказ"} от{" "}
          {ruDateTime(new Date(d.decidedAt), props.timeZone)}
        </strong>
        , документ № {d.documentNumber}.
      </p>
      <p>
        <a href={d.pdfUrl}>Скачать документ (PDF)</a>. Ниже можно изменить решение: будет подписан новый
        документ, прежний станет недействующим.
      </p>
    </div>
  );
}

function described(name: string, fields?: Record<string, string[]>, hint?: string) {
  const ids = [hint, fields?.[name]?.length ? `e-${name}` : undefined].filter(Boolean).join(" ");
  return ids ? { "aria-describedby": ids } : {};
}

export function ParentPage(props: ParentPageProps) {
  const v = props.values;
  const alternatives = new Set(v.alternatives ?? []);
  const invalid = (name: string) => (props.fields?.[name]?.length ? { "aria-invalid": "true" as const } : {});
  return (
    <Layout
      title={`Согласие на использование «Сферума» — ${props.orgName}`}
      orgName={props.orgFullName}
      narrow
    >
      <style dangerouslySetInnerHTML={{ __html: PARENT_CSS }} />
      <h1>Согласие на использование «Сферума» в мессенджере MAX</h1>
      <p class="lead">
        Обучающийся: <strong>{props.studentName}</strong>, группа {props.groupCode}
      </p>
      {props.current && <CurrentDecision decision={props.current} timeZone={props.timeZone} />}
      <About regulation={props.regulation} />

      <form method="post" action={props.action} class="card" novalidate>
        <h2>{props.current ? "Изменить решение" : "Ваше решение"}</h2>
        <ErrorSummary message={props.error} fields={props.fields} />
        <input type="hidden" name="_csrf" value={props.csrf} />

        <fieldset class="options" {...described("decision", props.fields)}>
          <legend>Согласны ли вы на регистрацию и использование обучающимся «Сферума» в MAX?</legend>
          <FieldError name="decision" fields={props.fields} />
          <label class="choice" for="f-decision">
            <input
              type="radio"
              id="f-decision"
              name="decision"
              value="consent"
              checked={v.decision === "consent"}
              required
              {...invalid("decision")}
            />
            <span>
              <strong>Согласен(на)</strong>
              <span class="hint">Обучающийся и вы сможете участвовать в чатах группы в «Сферуме».</span>
            </span>
          </label>
          <label class="choice" for="f-decision-refusal">
            <input
              type="radio"
              id="f-decision-refusal"
              name="decision"
              value="refusal"
              checked={v.decision === "refusal"}
              {...invalid("decision")}
            />
            <span>
              <strong>Не согласен(на)</strong>
              <span class="hint">Связь с колледжем останется доступной другими способами.</span>
            </span>
          </label>
        </fieldset>

        <fieldset class="alternatives" {...described("alternatives", props.fields, "alt-hint")}>
          <legend>Если вы не согласны: как удобнее поддерживать связь?</legend>
          <p class="hint" id="alt-hint">
            По пункту 1.8 Положения для вас остаются доступными все способы ниже. Отметьте удобные — классный
            руководитель будет их использовать. Можно ничего не отмечать.
          </p>
          <FieldError name="alternatives" fields={props.fields} />
          {ALTERNATIVE_KEYS.map((key, i) => (
            <label class="choice" for={i === 0 ? "f-alternatives" : `f-alternatives-${key}`}>
              <input
                type="checkbox"
                id={i === 0 ? "f-alternatives" : `f-alternatives-${key}`}
                name="alternatives"
                value={key}
                checked={alternatives.has(key)}
              />
              <span>{ALTERNATIVE_LABELS[key]}</span>
            </label>
          ))}
        </fieldset>

        <label for="f-parentName">
          Ваши фамилия, имя и отчество
          <span class="hint" id="name-hint">
            {" "}
            Полностью, как в паспорте. Ввод ФИО вместе с переходом по личной ссылке — ваша простая электронная
            подпись.
          </span>
        </label>
        <input
          type="text"
          id="f-parentName"
          name="parentName"
          autocomplete="name"
          autocapitalize="words"
          spellcheck={false}
          maxlength={200}
          required
          value={v.parentName ?? ""}
          {...described("parentName", props.fields, "name-hint")}
          {...invalid("parentName")}
        />
        <FieldError name="parentName" fields={props.fields} />

        <fieldset class="relations" {...described("relation", props.fields)}>
          <legend>Кем вы приходитесь обучающемуся</legend>
          <FieldError name="relation" fields={props.fields} />
          {RELATION_KEYS.map((key, i) => (
            <label class="choice" for={i === 0 ? "f-relation" : `f-relation-${key}`}>
              <input
                type="radio"
                id={i === 0 ? "f-relation" : `f-relation-${key}`}
                name="relation"
                value={key}
                checked={v.relation === key}
                required={i === 0}
                {...invalid("relation")}
              />
              <span>{RELATIONS[key].charAt(0).toLocaleUpperCase("ru-RU") + RELATIONS[key].slice(1)}</span>
            </label>
          ))}
        </fieldset>

        <label class="choice" for="f-confirm">
          <input
            type="checkbox"
            id="f-confirm"
            name="confirm"
            value="on"
            checked={v.confirm}
            required
            {...described("confirm", props.fields)}
            {...invalid("confirm")}
          />
          <span>
            Я являюсь родителем (законным представителем) обучающегося, ознакомлен(а) с Положением и
            подписываю решение простой электронной подписью.
          </span>
        </label>
        <FieldError name="confirm" fields={props.fields} />
        <p class="hint">
          При подписании сохраняются дата и время, IP-адрес и сведения о браузере. Документ в формате PDF с
          электронной подписью колледжа будет доступен сразу.
        </p>
        <button type="submit" class="block">
          Подписать и отправить
        </button>
        <p class="hint">Ссылка действует до {ruDate(props.expiresOn)} включительно.</p>
      </form>

      <SafeMode />
      <Contact orgFullName={props.orgFullName} />
    </Layout>
  );
}

export interface ReceiptProps {
  orgName: string;
  orgFullName: string;
  studentName: string;
  groupCode: string;
  decision: Decision;
  pdfUrl: string;
  verifyUrl: string;
  changeUrl: string;
  justRecorded: boolean;
  timeZone: string;
  history: Array<{
    decision: Decision["decision"];
    documentNumber: string;
    decidedAt: string;
    pdfUrl: string;
  }>;
}

export function ReceiptPage(props: ReceiptProps) {
  const d = props.decision;
  const kind = d.decision === "consent" ? "Согласие" : "Отказ";
  return (
    <Layout
      title={`${kind} записан${d.decision === "consent" ? "о" : ""} — ${props.orgName}`}
      orgName={props.orgFullName}
      narrow
    >
      <style dangerouslySetInnerHTML={{ __html: PARENT_CSS }} />
      <h1>{props.justRecorded ? "Ваше решение записано" : "Ваше решение"}</h1>
      <div class={`notice${d.decision === "consent" ? " ok" : ""}`} role="status">
        <p>
          <strong>
            {d.decision === "consent"
              ? "Вы дали согласие на использование «Сферума» в мессенджере MAX."
              : "Вы отказались от использования «Сферума» в мессенджере MAX."}
          </strong>
        </p>
        <p>Документ подписан электронной подписью колледжа и сохранён.</p>
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
            {shortName(d.parentName)} ({RELATIONS[d.relation]})
          </dd>
          <dt>Время подписания</dt>
          <dd>{ruDateTime(new Date(d.decidedAt), props.timeZone)}</dd>
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
        <p>
          Проверить подлинность документа:{" "}
          <a class="url" href={props.verifyUrl}>
            {props.verifyUrl}
          </a>
        </p>
      </div>
      {d.decision === "refusal" && (
        <div class="notice">
          По пункту 1.8 Положения для вас остаются доступными дневник обучающегося в АИС «Сетевой город.
          Образование», очные встречи по предварительной договорённости и родительские собрания.
        </div>
      )}
      <SafeMode />
      <p>
        <a href={props.changeUrl}>Изменить решение</a> — по той же ссылке, пока она действует.
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
                от {ruDateTime(new Date(h.decidedAt), props.timeZone)} — заменено
              </li>
            ))}
          </ul>
        </details>
      )}
      <Contact orgFullName={props.orgFullName} />
    </Layout>
  );
}

/** Unknown, expired, revoked links and too many attempts: no word about any student. */
export function LinkProblemPage(props: {
  orgName: string;
  orgFullName: string;
  title: string;
  message: string;
}) {
  return (
    <Layout title={`${props.title} — ${props.orgName}`} orgName={props.orgFullName} narrow>
      <style dangerouslySetInnerHTML={{ __html: PARENT_CSS }} />
      <h1>{props.title}</h1>
      <div class="card">
        <p>{props.message}</p>
        <p>
          Новую ссылку выдаёт классный руководитель группы или администратор ИКОП «Сферум» колледжа. Ссылки
          личные: не используйте ссылку, полученную для другого обучающегося.
        </p>
      </div>
      <Contact orgFullName={props.orgFullName} />
    </Layout>
  );
}

export { shortName };
