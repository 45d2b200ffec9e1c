import { localDate, ruDate } from "@soglasie/core/clock";
import { RegulationRepository } from "@soglasie/core/regulation/regulation-repository";
import { beforeAll, describe, expect, it } from "vitest";
import { phrase } from "../orders/support.js";
import {
  jsonOf,
  meetingRequest,
  pdfsig,
  pdfText,
  protocolPdf,
  type RegulationTestApp,
  regulationTestApp,
} from "../regulation/support.js";
import { SYSTEM, type TestSession } from "../support/app.js";

/**
 * The protocol extract repeats the protocol's own date and number in its header (an extract is a
 * copy of part of the protocol), and carries the certification the ГОСТ calls «отметка о заверении
 * копии»: «Верно», the certifier's position, their signature (the mark), расшифровка, the date of
 * certification — the day the council secretary signs it, not the meeting's day.
 */
let t: RegulationTestApp;
let secretary: TestSession;

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await regulationTestApp();
  secretary = await t.signIn(["council_secretary", "teacher"], {
    fullName: "Кузнецова Ольга Викторовна",
    position: "Преподаватель",
  });
});

describe("protocol extract", () => {
  it("shows the protocol's date and number, and the secretary's certification of today", async () => {
    const version = await new RegulationRepository(t.services).create({ source: "template" }, SYSTEM);
    const meetingDate = addDays(t.today(), -3);
    const res = await t.app.request(
      "/api/council/meetings",
      meetingRequest(
        {
          versionId: version.versionId,
          date: meetingDate,
          protocolNumber: "7",
          chair: "Иванова Светлана Петровна",
          secretary: "Кузнецова Ольга Викторовна",
        },
        await protocolPdf(),
        secretary.bearer,
      ),
    );
    expect(res.status).toBe(201);
    const { extractDocumentId } = await jsonOf(res);
    const record = await t.services.documents.get(extractDocumentId);
    // The record carries the protocol's requisites; it was signed today.
    expect(record).toMatchObject({ type: "protocol-extract", number: "7", date: meetingDate });
    expect(localDate(new Date(record!.signedAt), t.services.config.timeZone)).toBe(t.today());

    const bytes = await t.services.documents.pdf(record!);
    expect(await pdfsig(bytes)).toContain("Signature is Valid.");
    const text = await pdfText(bytes);
    expect(text).toMatch(phrase(`ВЫПИСКА ${ruDate(meetingDate)} № 7`));
    expect(text).toMatch(phrase("из протокола заседания педагогического совета"));
    expect(text).toMatch(
      phrase(`Заседание педагогического совета ГПОУ «ЧПТК» от ${ruDate(meetingDate)}, протокол № 7.`),
    );
    // Never today's date with the protocol's number.
    expect(text).not.toMatch(phrase(`${ruDate(t.today())} № 7`));
    // The certification, after the chair's and the secretary's расшифровка of the protocol.
    const certification = text.slice(text.lastIndexOf("Верно"));
    expect(text).not.toContain("Выписка верна");
    expect(certification).toMatch(phrase("Секретарь педагогического совета"));
    expect(certification).toMatch(phrase("О.В. Кузнецова"));
    expect(certification).toMatch(phrase(ruDate(t.today())));
    // The director no longer «certifies» an extract of a council's protocol.
    expect(certification).not.toMatch(phrase("С.П. Иванова"));
  });
});
