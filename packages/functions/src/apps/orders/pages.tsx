import { localDate } from "@soglasie/core/clock";
import { ConflictError, type DomainError, ValidationError } from "@soglasie/core/errors";
import { appointAdministrator, currentAppointment } from "@soglasie/core/orders/appointments";
import { assignClassTeachers } from "@soglasie/core/orders/class-teachers";
import { getOrder, listOrders, listOrderYears } from "@soglasie/core/orders/register";
import { canBeAdministrator, canBeClassTeacher } from "@soglasie/core/orders/rules";
import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { StaffRepository } from "@soglasie/core/staff/staff-repository";
import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { actorOf } from "../../http/actor.js";
import { requireRoles } from "../../http/auth.js";
import { formValue, readForm } from "../../http/body.js";
import type { AppEnv, ServicesEnv, StaffEnv } from "../../http/env.js";
import { staffPage } from "../../http/nav.js";
import { pageAction, type Refusals } from "../../http/page-action.js";
import { ORDER_READERS } from "./access.js";
import { type RegisterFilter, registerFilter } from "./filters.js";
import { AppointPage, type Failure, type Fields } from "./views/appoint-page.js";
import { ClassTeachersPage, type GroupRow } from "./views/class-teachers-page.js";
import { type AdministratorLine, RegisterPage } from "./views/register-page.js";

/** Every well-formed domain failure is shown on the order's form: a lost race 409, the rest 400. */
const orderRefusals: Refusals = (e) => (e instanceof ConflictError ? 409 : 400);

const failure = (error: DomainError, status: ContentfulStatusCode): Failure => ({
  message: error.message,
  fields: error instanceof ValidationError ? error.fields : undefined,
  status,
});

const issuedPage = (orderId: string) => `/staff/orders?issued=${encodeURIComponent(orderId)}`;

/** Staff who may be appointed administrator (clause 2.4). */
const pedagogical = async <E extends ServicesEnv>(c: Context<E>) =>
  (await new StaffRepository(c.get("services")).list()).filter(canBeAdministrator);

async function registerView(c: Context<StaffEnv>) {
  const services = c.get("services");
  let filter: RegisterFilter = {};
  let error: string | undefined;
  try {
    filter = registerFilter(c.req.query());
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    error = e.message;
  }
  const [orders, years, appointment] = await Promise.all([
    listOrders(services, filter),
    listOrderYears(services),
    currentAppointment(services),
  ]);
  const issuedId = c.req.query("issued");
  const issued = issuedId ? await getOrder(services, issuedId) : undefined;
  let administrator: AdministratorLine | undefined;
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
      director={c.get("user").roles.includes("director")}
      issued={issued}
      administrator={administrator}
      error={error}
    />,
    error ? 400 : 200,
  );
}

async function appointView(
  c: Context<StaffEnv>,
  values: { staffId?: string; effectiveFrom: string },
  error?: Failure,
) {
  return staffPage(
    c,
    "Назначение администратора",
    <AppointPage
      candidates={await pedagogical(c)}
      values={values}
      csrf={c.get("user").csrfToken}
      error={error}
    />,
    error?.status ?? 200,
  );
}

/** Field errors `assignments.N.*` belong to the N-th chosen group's row; the summary links to it. */
function rowErrorsOf(error: Failure | undefined, order: string[], codes: Map<string, string>) {
  const rowErrors: Record<string, string[]> = {};
  const summary: Fields = {};
  for (const [key, messages] of Object.entries(error?.fields ?? {})) {
    const m = /^assignments\.(\d+)\./.exec(key);
    const groupId = m ? order[Number(m[1])] : undefined;
    if (groupId) rowErrors[groupId] = [...(rowErrors[groupId] ?? []), ...messages];
    else summary[key] = messages;
  }
  // Summary links point at each row's select (#f-teacher-{groupId}).
  for (const [gid, messages] of Object.entries(rowErrors)) {
    summary[`teacher-${gid}`] = [`${codes.get(gid) ?? ""}: ${messages.join("; ")}`];
  }
  return { rowErrors, shown: error ? { ...error, fields: summary } : undefined };
}

async function classTeachersView(
  c: Context<StaffEnv>,
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
  const { rowErrors, shown } = rowErrorsOf(error, order, new Map(groups.map((g) => [g.groupId, g.code])));
  const rows: GroupRow[] = groups.map((g) => ({
    groupId: g.groupId,
    code: g.code,
    current: g.classTeacherIds.map((id) => names.get(id) ?? "—").join(", "),
  }));
  return staffPage(
    c,
    "Классное руководство",
    <ClassTeachersPage
      groups={rows}
      teachers={staff.filter(canBeClassTeacher)}
      values={values}
      csrf={c.get("user").csrfToken}
      error={shown}
      rowErrors={rowErrors}
    />,
    error?.status ?? 200,
  );
}

export const ordersPages = new Hono<AppEnv>()
  .get("/staff/orders", requireRoles(...ORDER_READERS), (c) => registerView(c))
  .get("/staff/orders/appoint", requireRoles("director"), (c) => {
    const { config, now } = c.get("services");
    return appointView(c, { effectiveFrom: localDate(now(), config.timeZone) });
  })
  .post("/staff/orders/appoint", requireRoles("director"), async (c) => {
    const form = await readForm(c);
    const values = { staffId: formValue(form.staffId), effectiveFrom: formValue(form.effectiveFrom) };
    return pageAction(
      c,
      async () =>
        issuedPage((await appointAdministrator(c.get("services"), values, actorOf(c, "director"))).orderId),
      (error, status) => appointView(c, values, failure(error, status)),
      orderRefusals,
    );
  })
  .get("/staff/orders/class-teachers", requireRoles("director"), (c) =>
    classTeachersView(c, { academicYear: "", chosen: {} }),
  )
  .post("/staff/orders/class-teachers", requireRoles("director"), async (c) => {
    const form = await readForm(c);
    const chosen: Record<string, string> = {};
    for (const [key, value] of Object.entries(form)) {
      if (key.startsWith("teacher.") && formValue(value))
        chosen[key.slice("teacher.".length)] = formValue(value);
    }
    const order = Object.keys(chosen);
    const values = { academicYear: formValue(form.academicYear).trim(), chosen };
    const input = {
      academicYear: values.academicYear,
      assignments: order.map((groupId) => ({ groupId, staffId: chosen[groupId] ?? "" })),
    };
    return pageAction(
      c,
      async () =>
        issuedPage((await assignClassTeachers(c.get("services"), input, actorOf(c, "director"))).orderId),
      (error, status) => classTeachersView(c, values, failure(error, status), order),
      orderRefusals,
    );
  });
