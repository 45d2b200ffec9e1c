import { appointAdministrator, appointmentInputSchema } from "@soglasie/core/orders/appointments";
import { assignClassTeachers, classTeachersInputSchema } from "@soglasie/core/orders/class-teachers";
import { ORDER_LINK_TTL_SECONDS, orderDownloadUrl, ordersZip } from "@soglasie/core/orders/downloads";
import { registerCsv } from "@soglasie/core/orders/export";
import { listOrders, listOrderYears, requireOrder } from "@soglasie/core/orders/register";
import { registerPdf } from "@soglasie/core/orders/register-pdf";
import { parseInput } from "@soglasie/core/validation";
import { Hono } from "hono";
import { actorOf } from "../../http/actor.js";
import { requireRoles } from "../../http/auth.js";
import { jsonBody } from "../../http/body.js";
import type { AppEnv } from "../../http/env.js";
import { redirectToDownload, sendExport, sendFile } from "../../http/exports.js";
import { ORDER_READERS } from "./access.js";
import { registerFilename, registerFilter, zipSelectionSchema } from "./filters.js";
import { issuedJson, orderJson } from "./json.js";

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
  .get("/api/orders/:orderId", requireRoles(...ORDER_READERS), async (c) => {
    return c.json(orderJson(await requireOrder(c.get("services"), c.req.param("orderId"))));
  })
  .get("/api/orders/:orderId/pdf", requireRoles(...ORDER_READERS), async (c) => {
    const url = await orderDownloadUrl(c.get("services"), c.req.param("orderId"), ORDER_LINK_TTL_SECONDS);
    return redirectToDownload(c, url);
  });
