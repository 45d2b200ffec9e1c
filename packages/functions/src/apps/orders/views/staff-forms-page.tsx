import type { PositionCase } from "@soglasie/core/language/positions";
import type { StaffMember } from "@soglasie/core/staff/staff-repository";
import { CsrfField, DoneNotice, ErrorSummary, FieldError } from "../../../http/layout.js";
import type { Failure } from "./appoint-page.js";

/** One staff member as the director checks them: the forms documents will print. */
export interface StaffFormsRow {
  staff: StaffMember;
  /** The gender documents use, and whether it comes from the patronymic or from the record. */
  gender?: "male" | "female";
  genderSource: "record" | "patronymic" | "unknown";
  cases: Record<PositionCase, string>;
  /** How the forms read in an order, as a check: «Назначить преподавателя информатики Смирнова …». */
  samples: { accusative: string; dative: string };
}

export const CASE_LABELS: Record<PositionCase, string> = {
  genitive: "Родительный (кого?)",
  dative: "Дательный (кому?)",
  accusative: "Винительный (кого? назначить)",
  instrumental: "Творительный (кем?)",
};

const GENDER_SOURCE = {
  record: "указан вручную",
  patronymic: "по отчеству",
  unknown: "не определяется — укажите",
} as const;

/**
 * The director's check of what orders print about each staff member: the position in each case,
 * the gender («ознакомлен»/«ознакомлена»), the phone of the отметка об исполнителе. The forms are
 * computed when a position is entered; here they are confirmed or corrected, one row per person.
 */
export function StaffFormsPage(props: {
  rows: StaffFormsRow[];
  csrf: string;
  notice?: string;
  /** A refused row: its staff id and the error. */
  error?: { staffId: string; failure: Failure };
}) {
  return (
    <>
      <h1>Сотрудники в приказах</h1>
      <p>
        Так приказы и листы ознакомления пишут должность и имя сотрудника в нужном падеже: «Ответственному
        лицу – <em>кому?</em>», «Назначить <em>кого?</em>». Формы должности вычислены по правилам русского
        языка при вводе должности; проверьте их и при необходимости исправьте. Пол определяется по отчеству;
        укажите его, если отчества нет или оно не говорит о поле.
      </p>
      <DoneNotice text={props.notice} />
      {props.rows.map((row) => (
        <StaffFormsCard
          row={row}
          csrf={props.csrf}
          failure={props.error?.staffId === row.staff.staffId ? props.error.failure : undefined}
        />
      ))}
    </>
  );
}

function StaffFormsCard(props: { row: StaffFormsRow; csrf: string; failure?: Failure }) {
  const { staff, cases } = props.row;
  const fields = props.failure?.fields;
  const id = (name: string) => `f-${staff.staffId}-${name}`;
  return (
    <section class="card" id={`staff-${staff.staffId}`} aria-labelledby={`h-${staff.staffId}`}>
      <h2 id={`h-${staff.staffId}`}>
        {staff.fullName}, {staff.position}
      </h2>
      {props.failure && <ErrorSummary message={props.failure.message} fields={undefined} />}
      <p class="hint">
        В приказе: «Назначить … {props.row.samples.accusative}»; «Ответственному лицу –{" "}
        {props.row.samples.dative}».
      </p>
      <form method="post" action={`/staff/orders/staff/${staff.staffId}`}>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="version" value={String(staff.version)} />
        {(Object.keys(CASE_LABELS) as PositionCase[]).map((c) => (
          <>
            <label for={id(c)}>{CASE_LABELS[c]}</label>
            <input
              id={id(c)}
              name={c}
              value={cases[c]}
              required
              maxlength={200}
              aria-describedby={fields?.[`positionCases.${c}`] ? `e-positionCases.${c}` : undefined}
            />
            <FieldError name={`positionCases.${c}`} fields={fields} />
          </>
        ))}
        <label for={id("gender")}>
          Пол <span class="hint">({GENDER_SOURCE[props.row.genderSource]})</span>
        </label>
        <select id={id("gender")} name="gender">
          <option value="" selected={!staff.gender}>
            По отчеству
          </option>
          <option value="male" selected={staff.gender === "male"}>
            Мужской
          </option>
          <option value="female" selected={staff.gender === "female"}>
            Женский
          </option>
        </select>
        <label for={id("phone")}>
          Рабочий телефон <span class="hint">(для отметки об исполнителе)</span>
        </label>
        <input
          id={id("phone")}
          name="phone"
          type="tel"
          value={staff.phone ?? ""}
          maxlength={30}
          aria-describedby={fields?.phone ? "e-phone" : undefined}
        />
        <FieldError name="phone" fields={fields} />
        <div class="actions">
          <button type="submit">Сохранить</button>
        </div>
      </form>
    </section>
  );
}
