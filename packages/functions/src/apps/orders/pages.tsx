import { localDate, ruDate } from "@soglasie/core/clock";
import { ConflictError, DomainError, ValidationError } from "@soglasie/core/errors";
import { appointAdministrator, currentAppointment } from "@soglasie/core/orders/appointments";
import { assignClassTeachers } from "@soglasie/core/orders/class-teachers";
import { getOrder, listOrders, listOrderYears } from "@soglasie/core/orders/register";
import { canBeAdministrator, canBeClassTeacher } from "@soglasie/core/orders/rules";
import {
  ORDER_KIND_LABELS,
  ORDER_KINDS,
  ORDER_STATUS_LABELS,
  type OrderEntry,
} from "@soglasie/core/orders/types";
import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { type StaffMember, StaffRepository } from "@soglasie/core/staff/staff-repository";
import { parseInput } from "@soglasie/core/validation";
import type { Context } from "hono";
import { Hono } from "hono";
import { requireRoles } from "../../http/auth.js";
import { readForm } from "../../http/body.js";
import type { AppEnv } from "../../http/env.js";
import { CsrfField, ErrorSummary, FieldError } from "../../http/layout.js";
import { staffPage } from "../../http/nav.js";
import { directorActor, READERS } from "./api.js";
import { type RegisterFilter, registerFilterSchema } from "./shared.js";

type Fields = Record<string, string[]>;
type Failure = { message: string; fields?: Fields; status: 400 | 409 };

const query = (f: RegisterFilter) => {
  const p = new URLSearchParams();
  if (f.year) p.set("year", String(f.year));
  if (f.kind) p.set("kind", f.kind);
  const s = p.toString();
  return s ? `?${s}` : "";
};

/** Only well-formed domain failures are shown on the form; anything else goes to the error handler. */
function failure(error: unknown): Failure {
  if (error instanceof ValidationError) return { message: error.message, fields: error.fields, status: 400 };
  if (error instanceof ConflictError) return { message: error.message, status: 409 };
  if (error instanceof DomainError) return { message: error.message, status: 400 };
  throw error;
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

function StatusBadge(props: { order: OrderEntry }) {
  return <span class="badge">{ORDER_STATUS_LABELS[props.order.status]}</span>;
}

function RegisterPage(props: {
  orders: OrderEntry[];
  years: number[];
  filter: RegisterFilter;
  director: boolean;
  issued?: OrderEntry;
  administrator?: { name: string; from: string; number: string };
  error?: string;
}) {
  const { filter } = props;
  return (
    <>
      <h1>Приказы директора</h1>
      {props.issued && (
        <div class="notice ok" role="status">
          Приказ № {props.issued.number} от {ruDate(props.issued.date)} «{props.issued.title}» подписан и
          зарегистрирован. <a href={`/api/orders/${props.issued.orderId}/pdf`}>Скачать PDF</a>
        </div>
      )}
      <ErrorSummary message={props.error} fields={undefined} />
      <div class="card">
        <p>
          Администратор ИКОП «Сферум»:{" "}
          {props.administrator ? (
            <>
              <strong>{props.administrator.name}</strong> с {ruDate(props.administrator.from)} (приказ №{" "}
              {props.administrator.number})
            </>
          ) : (
            "не назначен приказом"
          )}
        </p>
        {props.director ? (
          <div class="actions">
            <a class="button" href="/staff/orders/appoint">
              Назначить администратора
            </a>
            <a class="button secondary" href="/staff/orders/class-teachers">
              Распределить классное руководство
            </a>
          </div>
        ) : (
          <p class="hint">Журнал доступен для просмотра и скачивания; приказы издаёт директор.</p>
        )}
      </div>

      <h2>Журнал регистрации приказов</h2>
      <form method="get" action="/staff/orders" class="card">
        <label for="f-year">Год</label>
        <select id="f-year" name="year">
          <option value="">Все годы</option>
          {props.years.map((y) => (
            <option value={String(y)} selected={filter.year === y}>
              {y}
            </option>
          ))}
        </select>
        <label for="f-kind">Вид приказа</label>
        <select id="f-kind" name="kind">
          <option value="">Все виды</option>
          {ORDER_KINDS.map((k) => (
            <option value={k} selected={filter.kind === k}>
              {ORDER_KIND_LABELS[k]}
            </option>
          ))}
        </select>
        <div class="actions">
          <button type="submit">Показать</button>
          <a class="button secondary" href={`/api/orders/register.csv${query(filter)}`}>
            Журнал в CSV (Excel)
          </a>
          <a class="button secondary" href={`/api/orders/register.pdf${query(filter)}`}>
            Журнал в PDF с подписью
          </a>
        </div>
      </form>

      {props.orders.length === 0 ? (
        <p class="notice">Приказов за выбранный период нет.</p>
      ) : (
        <form method="get" action="/api/orders/archive.zip">
          <div class="table-wrap">
            <table>
              <caption class="sr-only">Журнал регистрации приказов</caption>
              <thead>
                <tr>
                  <th scope="col">
                    <span class="sr-only">Выбрать</span>
                  </th>
                  <th scope="col">Номер</th>
                  <th scope="col">Дата</th>
                  <th scope="col">Заголовок</th>
                  <th scope="col">Статус</th>
                  <th scope="col">Подписал</th>
                  <th scope="col">PDF</th>
                </tr>
              </thead>
              <tbody>
                {props.orders.map((o) => (
                  <tr>
                    <td>
                      <input
                        type="checkbox"
                        name="id"
                        value={o.orderId}
                        id={`o-${o.orderId}`}
                        aria-label={`Выбрать приказ № ${o.number}`}
                      />
                    </td>
                    <td>{o.number}</td>
                    <td>{ruDate(o.date)}</td>
                    <td>{o.title}</td>
                    <td>
                      <StatusBadge order={o} />
                    </td>
                    <td>
                      {o.signedBy.position} {o.signedBy.name}
                    </td>
                    <td>
                      <a href={`/api/orders/${o.orderId}/pdf`} aria-label={`Скачать приказ № ${o.number}`}>
                        Скачать
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="actions">
            <button type="submit" class="secondary">
              Скачать выбранные (ZIP)
            </button>
          </div>
        </form>
      )}
    </>
  );
}

function AppointPage(props: {
  candidates: StaffMember[];
  values: { staffId?: string; effectiveFrom: string };
  csrf: string;
  error?: Failure;
}) {
  const fields = props.error?.fields;
  return (
    <>
      <h1>Назначение администратора ИКОП «Сферум»</h1>
      <p>
        Администратор назначается приказом директора из числа педагогических работников (пункты 2.1 и 2.4
        Положения). Новый приказ прекращает полномочия прежнего администратора с даты назначения; прежний
        приказ остаётся в журнале с отметкой «Утратил силу».
      </p>
      <div class="card">
        <ErrorSummary message={props.error?.message} fields={fields} />
        <form method="post" action="/staff/orders/appoint">
          <CsrfField token={props.csrf} />
          <label for="f-staffId">
            Сотрудник <span class="hint">(только педагогические работники)</span>
          </label>
          <select
            id="f-staffId"
            name="staffId"
            required
            aria-describedby={fields?.staffId ? "e-staffId" : undefined}
          >
            <option value="">— выберите —</option>
            {props.candidates.map((s) => (
              <option value={s.staffId} selected={props.values.staffId === s.staffId}>
                {s.fullName}, {s.position}
              </option>
            ))}
          </select>
          <FieldError name="staffId" fields={fields} />
          <label for="f-effectiveFrom">Дата, с которой действует назначение</label>
          <input
            id="f-effectiveFrom"
            type="date"
            name="effectiveFrom"
            required
            value={props.values.effectiveFrom}
            aria-describedby={fields?.effectiveFrom ? "e-effectiveFrom" : undefined}
          />
          <FieldError name="effectiveFrom" fields={fields} />
          <div class="actions">
            <button type="submit">Подписать приказ</button>
            <a class="button secondary" href="/staff/orders">
              Отмена
            </a>
          </div>
        </form>
      </div>
    </>
  );
}

interface GroupRow {
  groupId: string;
  code: string;
  current: string;
}

function ClassTeachersPage(props: {
  groups: GroupRow[];
  teachers: StaffMember[];
  values: { academicYear: string; chosen: Record<string, string> };
  csrf: string;
  error?: Failure;
  /** Field errors keyed by groupId (translated from assignments.N.*). */
  rowErrors: Record<string, string[]>;
}) {
  const fields = props.error?.fields;
  return (
    <>
      <h1>Распределение классного руководства</h1>
      <p>
        Приказ закрепляет классных руководителей за учебными группами (пункт 2.3 Положения). После подписания
        классный руководитель получает доступ к своей группе, прежний — теряет.
      </p>
      <div class="card">
        <ErrorSummary message={props.error?.message} fields={fields} />
        {props.groups.length === 0 ? (
          <p class="notice">Групп пока нет: они появятся после импорта контингента.</p>
        ) : (
          <form method="post" action="/staff/orders/class-teachers">
            <CsrfField token={props.csrf} />
            <label for="f-academicYear">
              Учебный год <span class="hint">(например, 2026/2027; можно не указывать)</span>
            </label>
            <input
              id="f-academicYear"
              type="text"
              name="academicYear"
              inputmode="numeric"
              pattern="\d{4}/\d{4}"
              value={props.values.academicYear}
            />
            <FieldError name="academicYear" fields={fields} />
            <div class="table-wrap">
              <table>
                <caption class="sr-only">Группы и классные руководители</caption>
                <thead>
                  <tr>
                    <th scope="col">Группа</th>
                    <th scope="col">Сейчас</th>
                    <th scope="col">Классный руководитель по приказу</th>
                  </tr>
                </thead>
                <tbody>
                  {props.groups.map((g) => (
                    <tr>
                      <td>{g.code}</td>
                      <td>{g.current || "—"}</td>
                      <td>
                        <label for={`f-teacher-${g.groupId}`} class="sr-only">
                          Классный руководитель группы {g.code}
                        </label>
                        <select id={`f-teacher-${g.groupId}`} name={`teacher.${g.groupId}`}>
                          <option value="">— не менять —</option>
                          {props.teachers.map((t) => (
                            <option value={t.staffId} selected={props.values.chosen[g.groupId] === t.staffId}>
                              {t.fullName}
                            </option>
                          ))}
                        </select>
                        {props.rowErrors[g.groupId] && (
                          <p class="field-error">{props.rowErrors[g.groupId]?.join("; ")}</p>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <FieldError name="assignments" fields={fields} />
            <div class="actions">
              <button type="submit">Подписать приказ</button>
              <a class="button secondary" href="/staff/orders">
                Отмена
              </a>
            </div>
          </form>
        )}
      </div>
    </>
  );
}

async function registerView(c: Context<AppEnv>, status: 200 | 400 = 200) {
  const services = c.get("services");
  const user = c.get("user")!;
  let filter: RegisterFilter = {};
  let error: string | undefined;
  try {
    filter = parseInput(registerFilterSchema, c.req.query(), "Неверный фильтр журнала");
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    error = e.message;
    status = 400;
  }
  const [orders, years, appointment] = await Promise.all([
    listOrders(services, filter),
    listOrderYears(services),
    currentAppointment(services),
  ]);
  const issuedId = c.req.query("issued");
  const issued = issuedId ? await getOrder(services, issuedId) : undefined;
  let administrator: { name: string; from: string; number: string } | undefined;
  if (appointment) {
    const [who, order] = await Promise.all([
      new StaffRepository(services).get(appointment.staffId),
      getOrder(services, appointment.orderId),
    ]);
    if (who && order)
      administrator = { name: who.fullName, from: appointment.effectiveFrom, number: order.number };
  }
  return staffPage(
    c,
    "Приказы",
    <RegisterPage
      orders={orders}
      years={years}
      filter={filter}
      director={user.roles.includes("director")}
      issued={issued}
      administrator={administrator}
      error={error}
    />,
    status,
  );
}

const pedagogical = async (c: Context<AppEnv>) =>
  (await new StaffRepository(c.get("services")).list()).filter(canBeAdministrator);

async function appointView(
  c: Context<AppEnv>,
  values: { staffId?: string; effectiveFrom: string },
  error?: Failure,
) {
  return staffPage(
    c,
    "Назначение администратора",
    <AppointPage
      candidates={await pedagogical(c)}
      values={values}
      csrf={c.get("user")!.csrfToken}
      error={error}
    />,
    error?.status ?? 200,
  );
}

async function classTeachersView(
  c: Context<AppEnv>,
  values: { academicYear: string; chosen: Record<string, string> },
  error?: Failure,
  order: string[] = [],
) {
  const services = c.get("services");
  const [groups, staff] = await Promise.all([
    new GroupRepository(services).list(),
    new StaffRepository(services).list(),
  ]);
  const names = new Map(staff.map((s) => [s.staffId, s.fullName]));
  const rowErrors: Record<string, string[]> = {};
  const summary: Fields = {};
  for (const [key, messages] of Object.entries(error?.fields ?? {})) {
    const m = /^assignments\.(\d+)\./.exec(key);
    const groupId = m ? order[Number(m[1])] : undefined;
    if (groupId) rowErrors[groupId] = [...(rowErrors[groupId] ?? []), ...messages];
    else summary[key] = messages;
  }
  const rows: GroupRow[] = groups.map((g) => ({
    groupId: g.groupId,
    code: g.code,
    current: g.classTeacherIds.map((id) => names.get(id) ?? "—").join(", "),
  }));
  // Summary links point at each row's select (#f-teacher-{groupId}).
  for (const [gid, messages] of Object.entries(rowErrors)) {
    summary[`teacher-${gid}`] = [
      `${groups.find((g) => g.groupId === gid)?.code ?? ""}: ${messages.join("; ")}`,
    ];
  }
  const shown: Failure | undefined = error ? { ...error, fields: summary } : undefined;
  return staffPage(
    c,
    "Классное руководство",
    <ClassTeachersPage
      groups={rows}
      teachers={staff.filter(canBeClassTeacher)}
      values={values}
      csrf={c.get("user")!.csrfToken}
      error={shown}
      rowErrors={rowErrors}
    />,
    error?.status ?? 200,
  );
}

export const ordersPages = new Hono<AppEnv>()
  .get("/staff/orders", requireRoles(...READERS), (c) => registerView(c))
  .get("/staff/orders/appoint", requireRoles("director"), (c) => {
    const { config, now } = c.get("services");
    return appointView(c, { effectiveFrom: localDate(now(), config.timeZone) });
  })
  .post("/staff/orders/appoint", requireRoles("director"), async (c) => {
    const form = await readForm(c);
    const values = { staffId: one(form.staffId), effectiveFrom: one(form.effectiveFrom) };
    try {
      const order = await appointAdministrator(c.get("services"), values, directorActor(c));
      return c.redirect(`/staff/orders?issued=${encodeURIComponent(order.orderId)}`, 303);
    } catch (error) {
      return appointView(c, values, failure(error));
    }
  })
  .get("/staff/orders/class-teachers", requireRoles("director"), (c) =>
    classTeachersView(c, { academicYear: "", chosen: {} }),
  )
  .post("/staff/orders/class-teachers", requireRoles("director"), async (c) => {
    const form = await readForm(c);
    const chosen: Record<string, string> = {};
    for (const [key, value] of Object.entries(form)) {
      if (key.startsWith("teacher.") && one(value)) chosen[key.slice("teacher.".length)] = one(value);
    }
    const order = Object.keys(chosen);
    const values = { academicYear: one(form.academicYear).trim(), chosen };
    try {
      const issued = await assignClassTeachers(
        c.get("services"),
        {
          academicYear: values.academicYear,
          assignments: order.map((groupId) => ({ groupId, staffId: chosen[groupId]! })),
        },
        directorActor(c),
      );
      return c.redirect(`/staff/orders?issued=${encodeURIComponent(issued.orderId)}`, 303);
    } catch (error) {
      return classTeachersView(c, values, failure(error), order);
    }
  });
