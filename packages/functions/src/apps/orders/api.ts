import { acknowledgeOrder, orderAcknowledgmentStatus } from "@soglasie/core/orders/acknowledgments";
import { appointAdministrator, appointmentInputSchema } from "@soglasie/core/orders/appointments";
import { cancelOrder, cancelOrderInputSchema } from "@soglasie/core/orders/cancel-order";
import { assignClassTeachers, classTeachersInputSchema } from "@soglasie/core/orders/class-teachers";
import { ORDER_LINK_TTL_SECONDS, orderDownloadUrl, ordersZip } from "@soglasie/core/orders/downloads";
import { registerCsv } from "@soglasie/core/orders/export";
import { listOrders, listOrderYears, requireOrder } from "@soglasie/core/orders/register";
import { registerPdf } from "@soglasie/core/orders/register-pdf";
import { documentDetailsSchema, StaffRepository } from "@soglasie/core/staff/staff-repository";
import { parseInput, z } from "@soglasie/core/validation";
import { Hono } from "hono";
import { actorOf } from "../../http/actor.js";
import { requireRoles, requireStaff } from "../../http/auth.js";
import { jsonBody } from "../../http/body.js";
import type { AppEnv } from "../../http/env.js";
import { redirectToDownload, sendExport, sendFile } from "../../http/exports.js";
import { ORDER_READERS } from "./access.js";
import { registerFilename, registerFilter, zipSelectionSchema } from "./filters.js";
import { acknowledgedJson, acknowledgmentStatusJson, issuedJson, orderJson, staffFormsJson } from "./json.js";

/** The director's correction of what documents print about a staff member (optimistic: `version`). */
const staffFormsBody = documentDetailsSchema.extend({ version: z.number().int().min(1).optional() });

export const ordersApi = new Hono<AppEnv>()
  .post(
    "/api/orders/administrator-appointments",
    requireRoles("director"),
    jsonBody(appointmentInputSchema),
    async (c) => {
      const order = await appointAdministrator(
        c.get("services"),
        c.req.valid("json"),
        actorOf(c, "director"),
      );
      return c.json(issuedJson(order), 201);
    },
  )
  .post(
    "/api/orders/class-teacher-assignments",
    requireRoles("director"),
    jsonBody(classTeachersInputSchema),
    async (c) => {
      const order = await assignClassTeachers(c.get("services"), c.req.valid("json"), actorOf(c, "director"));
      return c.json(issuedJson(order), 201);
    },
  )
  .get("/api/orders", requireRoles(...ORDER_READERS), async (c) => {
    const filter = registerFilter(c.req.query());
    const services = c.get("services");
    const [orders, years] = await Promise.all([listOrders(services, filter), listOrderYears(services)]);
    return c.json({ filter, years, orders: orders.map(orderJson) });
  })
  .get("/api/orders/register.csv", requireRoles(...ORDER_READERS), async (c) => {
    const filter = registerFilter(c.req.query());
    return sendFile(c, registerCsv(await listOrders(c.get("services"), filter)), {
      filename: registerFilename(filter, "csv"),
      contentType: "text/csv; charset=utf-8",
    });
  })
  // Each download issues a new signed extract (recorded, verifiable) that supersedes the previous
  // extract of the same filter.
  .get("/api/orders/register.pdf", requireRoles(...ORDER_READERS), async (c) => {
    const filter = registerFilter(c.req.query());
    const extract = await registerPdf(c.get("services"), filter, actorOf(c, "director", "administrator"));
    return sendFile(c, extract.bytes, {
      filename: registerFilename(filter, "pdf"),
      contentType: "application/pdf",
      headers: { "x-document-id": extract.record.documentId },
    });
  })
  .get("/api/orders/archive.zip", requireRoles(...ORDER_READERS), async (c) => {
    const { id } = parseInput(zipSelectionSchema, { id: c.req.queries("id") ?? [] }, "Выберите приказы");
    const zip = await ordersZip(c.get("services"), id);
    // Through S3 on AWS or when large: a function cannot return more than 6 MB.
    return sendExport(c, zip, { filename: "Приказы.zip", contentType: "application/zip" });
  })
  // What orders print about each staff member (position by case, gender, phone): the director checks it.
  .get("/api/orders/staff-forms", requireRoles("director"), async (c) => {
    const staff = (await new StaffRepository(c.get("services")).list()).filter((s) => s.active);
    return c.json({ staff: staff.map(staffFormsJson) });
  })
  .put("/api/orders/staff-forms/:staffId", requireRoles("director"), jsonBody(staffFormsBody), async (c) => {
    const { version, ...details } = c.req.valid("json");
    const updated = await new StaffRepository(c.get("services")).setDocumentDetails(
      c.req.param("staffId"),
      details,
      actorOf(c, "director"),
      version,
    );
    return c.json(staffFormsJson(updated));
  })
  .get("/api/orders/:orderId", requireRoles(...ORDER_READERS), async (c) => {
    return c.json(orderJson(await requireOrder(c.get("services"), c.req.param("orderId"))));
  })
  .get("/api/orders/:orderId/pdf", requireRoles(...ORDER_READERS), async (c) => {
    const url = await orderDownloadUrl(c.get("services"), c.req.param("orderId"), ORDER_LINK_TTL_SECONDS);
    return redirectToDownload(c, url);
  })
  // A new order cancels this one (issued in error) or declares it void; the old one stays, marked.
  .post(
    "/api/orders/:orderId/cancel",
    requireRoles("director"),
    jsonBody(cancelOrderInputSchema),
    async (c) => {
      const order = await cancelOrder(
        c.get("services"),
        c.req.param("orderId"),
        c.req.valid("json"),
        actorOf(c, "director"),
      );
      return c.json(issuedJson(order), 201);
    },
  )
  // A person the order names confirms they have read it («С приказом ознакомлен(ы)», ТК РФ art. 22).
  .post("/api/orders/:orderId/acknowledge", requireStaff, async (c) => {
    const r = await acknowledgeOrder(
      c.get("services"),
      c.req.param("orderId"),
      c.get("user").staff,
      actorOf(c),
    );
    return c.json(acknowledgedJson(r), r.alreadyAcknowledged ? 200 : 201);
  })
  .get("/api/orders/:orderId/acknowledgments", requireRoles(...ORDER_READERS), async (c) => {
    return c.json(
      acknowledgmentStatusJson(await orderAcknowledgmentStatus(c.get("services"), c.req.param("orderId"))),
    );
  });
