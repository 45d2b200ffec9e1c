import { localDate } from "@soglasie/core/clock";
import { ConflictError, type DomainError, ValidationError } from "@soglasie/core/errors";
import { genderOf } from "@soglasie/core/language/names";
import { personForms } from "@soglasie/core/language/person-forms";
import { OrderAcknowledgmentRepository } from "@soglasie/core/orders/acknowledgment-repository";
import { acknowledgeOrder, namedOrderDownloadUrl } from "@soglasie/core/orders/acknowledgments";
import {
  appointAdministrator,
  currentAppointment,
  previewAppointment,
} from "@soglasie/core/orders/appointments";
import { cancelOrder, previewCancelOrder } from "@soglasie/core/orders/cancel-order";
import { assignClassTeachers, previewClassTeachers } from "@soglasie/core/orders/class-teachers";
import { ordersZip } from "@soglasie/core/orders/downloads";
import { getOrder, listOrders, listOrderYears, requireOrder } from "@soglasie/core/orders/register";
import { canBeAdministrator, canBeClassTeacher } from "@soglasie/core/orders/rules";
import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { staffGender, staffPositionCases } from "@soglasie/core/staff/grammar";
import { type StaffMember, StaffRepository } from "@soglasie/core/staff/staff-repository";
import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { actorOf } from "../../http/actor.js";
import { requireRoles, requireStaff } from "../../http/auth.js";
import { formValue, readForm } from "../../http/body.js";
import { draftPdfResponse } from "../../http/draft-pdf.js";
import type { AppEnv, ServicesEnv, StaffEnv } from "../../http/env.js";
import { redirectToDownload, sendExport } from "../../http/exports.js";
import { staffPage } from "../../http/nav.js";
import { inputOrState, pageAction, type Refusals, withNotice } from "../../http/page-action.js";
import { ORDER_READERS } from "./access.js";
import { type RegisterFilter, registerFilter } from "./filters.js";
import { AppointPage, type Failure, type Fields } from "./views/appoint-page.js";
import { CancelPage, type CancelValues } from "./views/cancel-page.js";
import { ClassTeachersPage, type GroupRow } from "./views/class-teachers-page.js";
import { type Acknowledged, type AdministratorLine, RegisterPage } from "./views/register-page.js";
import { StaffFormsPage, type StaffFormsRow } from "./views/staff-forms-page.js";

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

/** Rows of the register shown per page. */
const REGISTER_PAGE_SIZE = 50;

/** The register page; `zipError` is shown at the ZIP button, where the person pressed it. */
async function registerView(c: Context<StaffEnv>, zipError?: string) {
  const services = c.get("services");
  let filter: RegisterFilter = {};
  let error: string | undefined;
  try {
    filter = registerFilter(c.req.query());
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    error = e.message;
  }
  const [all, years, appointment] = await Promise.all([
    listOrders(services, filter),
    listOrderYears(services),
    currentAppointment(services),
  ]);
  // One page of the register at a time; the CSV, PDF and ZIP still carry the whole filtered register.
  const pages = Math.max(1, Math.ceil(all.length / REGISTER_PAGE_SIZE));
  const requested = Number.parseInt(c.req.query("page") ?? "1", 10);
  const pageNo = Number.isFinite(requested) ? Math.min(Math.max(requested, 1), pages) : 1;
  const orders = all.slice((pageNo - 1) * REGISTER_PAGE_SIZE, pageNo * REGISTER_PAGE_SIZE);
  // How many of the people each order names have acknowledged it (the sheet lists them).
  const sheets = new OrderAcknowledgmentRepository(services);
  const acknowledged = new Map<string, Acknowledged>();
  await Promise.all(
    orders.map(async (o) => {
      if (!o.named?.length) return;
      const sheet = await sheets.sheet(o.orderId);
      acknowledged.set(o.orderId, {
        done: sheet?.includes.length ?? 0,
        of: o.named.length,
        ...(sheet ? { sheetDocumentId: sheet.documentId } : {}),
      });
    }),
  );
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
      acknowledged={acknowledged}
      error={error}
      zipError={zipError}
      paging={{ page: pageNo, pages, total: all.length, size: REGISTER_PAGE_SIZE }}
    />,
    error || zipError ? 400 : 200,
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

async function cancelView(c: Context<StaffEnv>, orderId: string, values: CancelValues, error?: Failure) {
  const order = await requireOrder(c.get("services"), orderId);
  return staffPage(
    c,
    `Отмена приказа № ${order.number}`,
    <CancelPage order={order} values={values} csrf={c.get("user").csrfToken} error={error} />,
    error?.status ?? 200,
  );
}

const cancelForm = (form: Record<string, string | string[]>): CancelValues => ({
  kind: formValue(form.kind),
  reason: formValue(form.reason),
  effectiveDate: formValue(form.effectiveDate),
});

/** What orders print about one staff member, for the director's check. */
function staffFormsRow(staff: StaffMember): StaffFormsRow {
  const gender = staffGender(staff);
  const cases = staffPositionCases(staff);
  const forms = personForms({ name: staff.fullName, position: staff.position, gender, positionCases: cases });
  return {
    staff,
    ...(gender ? { gender } : {}),
    genderSource: staff.gender ? "record" : genderOf(staff.fullName) ? "patronymic" : "unknown",
    cases,
    samples: {
      accusative: `${forms.accusative.position} ${forms.accusative.name}`,
      dative: `${forms.dative.position} ${forms.dative.name}`,
    },
  };
}

async function staffFormsView(
  c: Context<StaffEnv>,
  opts: { notice?: string; error?: { staffId: string; failure: Failure } } = {},
) {
  const staff = (await new StaffRepository(c.get("services")).list()).filter((s) => s.active);
  return staffPage(
    c,
    "Сотрудники в приказах",
    <StaffFormsPage
      rows={staff.map(staffFormsRow)}
      csrf={c.get("user").csrfToken}
      notice={opts.notice}
      error={opts.error}
    />,
    opts.error?.failure.status ?? 200,
  );
}

export const ordersPages = new Hono<AppEnv>()
  .get("/staff/orders", requireRoles(...ORDER_READERS), (c) => registerView(c))
  // The register's «Скачать выбранные (ZIP)» and «Скачать все показанные (ZIP)»: a ZIP, or the page
  // again with the reason at the button (nothing ticked, too many) — never a JSON answer.
  .get("/staff/orders/archive", requireRoles(...ORDER_READERS), async (c) => {
    const services = c.get("services");
    let ids = (c.req.queries("id") ?? []).map((id) => id.trim()).filter(Boolean);
    if (c.req.query("all") === "1") {
      const filter = registerFilter(c.req.query());
      ids = (await listOrders(services, filter)).map((o) => o.orderId);
    }
    if (ids.length === 0)
      return registerView(
        c,
        "Отметьте приказы, которые нужно скачать, или нажмите «Скачать все показанные (ZIP)»",
      );
    try {
      const zip = await ordersZip(services, ids);
      return await sendExport(c, zip, { filename: "Приказы.zip", contentType: "application/zip" });
    } catch (e) {
      if (e instanceof ValidationError) return registerView(c, e.message);
      throw e;
    }
  })
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
  .post("/staff/orders/appoint/draft.pdf", requireRoles("director"), async (c) => {
    const form = await readForm(c);
    const values = { staffId: formValue(form.staffId), effectiveFrom: formValue(form.effectiveFrom) };
    return pageAction(
      c,
      async () => {
        const draft = await previewAppointment(c.get("services"), values, actorOf(c, "director"));
        return draftPdfResponse(c, draft.bytes, "Проект-приказа-о-назначении-администратора.pdf");
      },
      (error, status) => appointView(c, values, failure(error, status)),
      orderRefusals,
    );
  })
  .get("/staff/orders/class-teachers", requireRoles("director"), (c) =>
    classTeachersView(c, { academicYear: "", chosen: {} }),
  )
  .post("/staff/orders/class-teachers", requireRoles("director"), async (c) => {
    const { values, input, order } = classTeachersForm(await readForm(c));
    return pageAction(
      c,
      async () =>
        issuedPage((await assignClassTeachers(c.get("services"), input, actorOf(c, "director"))).orderId),
      (error, status) => classTeachersView(c, values, failure(error, status), order),
      orderRefusals,
    );
  })
  .post("/staff/orders/class-teachers/draft.pdf", requireRoles("director"), async (c) => {
    const { values, input, order } = classTeachersForm(await readForm(c));
    return pageAction(
      c,
      async () => {
        const draft = await previewClassTeachers(c.get("services"), input, actorOf(c, "director"));
        return draftPdfResponse(c, draft.bytes, "Проект-приказа-о-классных-руководителях.pdf");
      },
      (error, status) => classTeachersView(c, values, failure(error, status), order),
      orderRefusals,
    );
  })
  .get("/staff/orders/staff", requireRoles("director"), (c) =>
    staffFormsView(c, { notice: c.req.query("done") }),
  )
  .post("/staff/orders/staff/:staffId", requireRoles("director"), async (c) => {
    const staffId = c.req.param("staffId");
    const form = await readForm(c);
    const text = (name: string) => formValue(form[name]).trim();
    const version = Number(text("version"));
    const gender = text("gender");
    return pageAction(
      c,
      async () => {
        const updated = await new StaffRepository(c.get("services")).setDocumentDetails(
          staffId,
          {
            positionCases: {
              genitive: text("genitive"),
              dative: text("dative"),
              accusative: text("accusative"),
              instrumental: text("instrumental"),
            },
            gender: gender === "male" || gender === "female" ? gender : null,
            phone: text("phone") || null,
          },
          actorOf(c, "director"),
          Number.isInteger(version) && version > 0 ? version : undefined,
        );
        return `${withNotice("/staff/orders/staff", `Сохранено: ${updated.fullName}`)}#staff-${staffId}`;
      },
      (error, status) => staffFormsView(c, { error: { staffId, failure: failure(error, status) } }),
      orderRefusals,
    );
  })
  // «Отменить приказ»: a new order cancels it or declares it void; the draft first, then signing.
  .get("/staff/orders/:orderId/cancel", requireRoles("director"), (c) =>
    cancelView(c, c.req.param("orderId"), { kind: "cancel", reason: "", effectiveDate: "" }),
  )
  .post("/staff/orders/:orderId/cancel", requireRoles("director"), async (c) => {
    const orderId = c.req.param("orderId");
    const values = cancelForm(await readForm(c));
    return pageAction(
      c,
      async () =>
        issuedPage((await cancelOrder(c.get("services"), orderId, values, actorOf(c, "director"))).orderId),
      (error, status) => cancelView(c, orderId, values, failure(error, status)),
      inputOrState,
    );
  })
  .post("/staff/orders/:orderId/cancel/draft.pdf", requireRoles("director"), async (c) => {
    const orderId = c.req.param("orderId");
    const values = cancelForm(await readForm(c));
    return pageAction(
      c,
      async () => {
        const draft = await previewCancelOrder(c.get("services"), orderId, values, actorOf(c, "director"));
        return draftPdfResponse(c, draft.bytes, "Проект-приказа-об-отмене-приказа.pdf");
      },
      (error, status) => cancelView(c, orderId, values, failure(error, status)),
      inputOrState,
    );
  })
  // A person the order names: read the order, then confirm («Ознакомиться с приказом» on /staff).
  .get("/staff/orders/:orderId/document", requireStaff, async (c) => {
    const url = await namedOrderDownloadUrl(
      c.get("services"),
      c.req.param("orderId"),
      c.get("user").staff.staffId,
    );
    return redirectToDownload(c, url);
  })
  .post("/staff/orders/:orderId/acknowledge", requireStaff, async (c) => {
    const r = await acknowledgeOrder(
      c.get("services"),
      c.req.param("orderId"),
      c.get("user").staff,
      actorOf(c),
    );
    return c.redirect(`/staff?orderAcknowledged=${encodeURIComponent(r.acknowledgment.orderId)}`, 303);
  });

/** The distribution form: the chosen teacher per group, in the groups' order. */
function classTeachersForm(form: Record<string, string | string[]>) {
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
  return { values, input, order };
}
