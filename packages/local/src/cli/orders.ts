import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { ruDate } from "@soglasie/core/clock";
import { ordersZip } from "@soglasie/core/orders/downloads";
import { registerCsv } from "@soglasie/core/orders/export";
import { listOrders } from "@soglasie/core/orders/register";
import { ORDER_KINDS, ORDER_STATUS_LABELS, type OrderKind } from "@soglasie/core/orders/types";
import { CliError, type Command, cliServices } from "./context.js";

function filterOf(values: { year?: string; kind?: string }): { year?: number; kind?: OrderKind } {
  const year = values.year === undefined ? undefined : Number(values.year);
  if (year !== undefined && !(Number.isInteger(year) && year >= 2000 && year <= 2100)) {
    throw new CliError("--year: год от 2000 до 2100");
  }
  if (values.kind !== undefined && !(ORDER_KINDS as readonly string[]).includes(values.kind)) {
    throw new CliError(`--kind: один из ${ORDER_KINDS.join(", ")}`);
  }
  return { year, kind: values.kind as OrderKind | undefined };
}

/** Reads the orders register; issuing orders stays with the director in the web interface. */
export const ordersCommand: Command = {
  summary: "orders register: list, CSV export, ZIP of signed PDFs",
  usage: [
    "orders list [--year 2026] [--kind appoint-administrator]",
    "orders csv  [--year 2026] [--kind ...] > журнал.csv",
    "orders zip  --out приказы.zip [--year 2026] [--kind ...]",
  ].join("\n"),
  async run([sub, ...rest]) {
    const { values } = parseArgs({
      args: rest,
      options: { year: { type: "string" }, kind: { type: "string" }, out: { type: "string" } },
    });
    const filter = filterOf(values);
    if (!["list", "csv", "zip"].includes(sub ?? "")) {
      throw new CliError(`Неизвестная подкоманда orders ${sub ?? ""}\n${ordersCommand.usage}`);
    }
    const services = await cliServices();
    const orders = await listOrders(services, filter);
    if (sub === "csv") {
      process.stdout.write(registerCsv(orders));
      return;
    }
    if (sub === "zip") {
      if (!values.out) throw new CliError("Укажите файл архива: --out приказы.zip");
      if (orders.length === 0) throw new CliError("Приказов по фильтру нет");
      writeFileSync(
        values.out,
        await ordersZip(
          services,
          orders.map((o) => o.orderId),
        ),
      );
      console.log(`Записано ${orders.length} приказ(ов) в ${values.out}`);
      return;
    }
    if (orders.length === 0) console.log("Приказов по фильтру нет.");
    for (const o of orders) {
      console.log(
        `${o.number.padEnd(10)} ${ruDate(o.date)}  ${ORDER_STATUS_LABELS[o.status].padEnd(12)} ${o.title}`,
      );
    }
  },
};
