import { randomUUID } from "node:crypto";
import { DEFAULT_ORG } from "@soglasie/core/config";
import { DEMO_DATA } from "@soglasie/core/documents/layout/demo";
import { renderAndSign } from "@soglasie/core/documents/pipeline";
import { KeySigner } from "@soglasie/core/documents/signing/key-signer";
import { generateSelfSigned } from "@soglasie/core/documents/signing/self-signed";
import { personForms } from "@soglasie/core/language/person-forms";
import { positionCases } from "@soglasie/core/language/positions";
import type { BenchContext } from "../lib/context.js";
import { type Metric, summarize, timeRuns } from "../lib/stats.js";

const RUNS = 60;
const TYPE = "order-appoint-administrator";

/**
 * What declension adds to an order. The appointment order names four persons (the appointee, the
 * controller, two «С приказом ознакомлен(ы)» rows); the documents' schema builds every case form of
 * each (names by lvovich, positions by russian-nouns-js and the adjective rules). Measured: the
 * whole render + sign of the order, the forms of its four persons alone — with positions computed
 * (demo data) and with the positions' forms checked on the staff records (what workflows pass) —
 * interleaved in one run so all see the same machine state.
 */
export async function declensionSuite(_ctx: BenchContext): Promise<Metric[]> {
  const { privateKey, certificateDer } = generateSelfSigned({ org: DEFAULT_ORG });
  const signer = new KeySigner(privateKey, certificateDer);
  const data = DEMO_DATA[TYPE];
  const people = [data.appointee, data.controller!, ...data.acquaintances];
  const checked = people.map((p) => ({ ...p, positionCases: positionCases(p.position) }));
  const render = () => {
    const documentId = randomUUID();
    return renderAndSign(
      TYPE,
      data,
      {
        documentId,
        number: "146-од",
        date: "2026-11-13",
        verifyUrl: `https://example.org/verify/${documentId}`,
      },
      signer,
      DEFAULT_ORG,
    );
  };
  for (let i = 0; i < 5; i++) await render();

  const renderMs: number[] = [];
  const computedMs: number[] = [];
  const checkedMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    renderMs.push(...(await timeRuns(1, render, 0)));
    computedMs.push(...(await timeRuns(1, () => people.map(personForms), 0)));
    checkedMs.push(...(await timeRuns(1, () => checked.map(personForms), 0)));
  }
  const whole = summarize("order_render_sign", "ms", renderMs, "appointment order, 2 pages, 4 persons");
  const share = (m: Metric) => `${((m.median / whole.median) * 100).toFixed(1)}% of the order's median`;
  const computed = summarize("order_declension_computed", "ms", computedMs);
  const fromRecords = summarize("order_declension_checked_forms", "ms", checkedMs);
  return [
    whole,
    { ...computed, note: `4 persons, names + positions by rule; ${share(computed)}` },
    { ...fromRecords, note: `4 persons, positions' forms from staff records; ${share(fromRecords)}` },
  ];
}
