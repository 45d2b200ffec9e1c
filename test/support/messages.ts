import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { inject } from "vitest";

/**
 * A loopback stand-in for SMS.ru (no local implementation exists): `POST /sms/send` answers in the
 * provider's documented JSON format (`status`, `status_code`, `sms.<phone>.sms_id`). Tests read what
 * was "sent" from `sent`, and make it refuse with `failNext(code)`.
 */
export interface SmsLoopback {
  endpoint: string;
  sent: Array<{ to: string; msg: string; from?: string; apiId: string; smsId: string }>;
  /** The next requests answer with these SMS.ru status codes (e.g. 220 busy, 202 bad number). */
  failNext(...codes: number[]): void;
  close(): Promise<void>;
}

export async function startSmsLoopback(): Promise<SmsLoopback> {
  const sent: SmsLoopback["sent"] = [];
  const failures: number[] = [];
  let n = 0;
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => {
      body += d;
    });
    req.on("end", () => {
      const q = new URLSearchParams(body || (req.url?.split("?")[1] ?? ""));
      res.setHeader("content-type", "application/json");
      if (req.url?.split("?")[0] !== "/sms/send") {
        res.statusCode = 404;
        return res.end("{}");
      }
      const to = q.get("to") ?? "";
      const code = failures.shift();
      if (code !== undefined) {
        return res.end(
          JSON.stringify({
            status: "OK",
            status_code: 100,
            sms: { [to]: { status: "ERROR", status_code: code, status_text: "refused" } },
            balance: 100,
          }),
        );
      }
      const smsId = `000000-${String(++n).padStart(8, "0")}`;
      sent.push({
        to,
        msg: q.get("msg") ?? "",
        from: q.get("from") ?? undefined,
        apiId: q.get("api_id") ?? "",
        smsId,
      });
      res.end(
        JSON.stringify({
          status: "OK",
          status_code: 100,
          sms: { [to]: { status: "OK", status_code: 100, sms_id: smsId } },
          balance: 100,
        }),
      );
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    sent,
    failNext: (...codes) => failures.push(...codes),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export interface EmulatedMail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

/** The mail the run's SES emulator holds for these recipients (every file shares one emulator). */
export async function mailTo(...recipients: string[]): Promise<EmulatedMail[]> {
  const res = await fetch(`${inject("sesEndpoint")}/store`);
  const { emails } = (await res.json()) as { emails: EmulatedMail[] };
  const wanted = new Set(recipients.map((r) => r.toLowerCase()));
  return emails.filter((e) => e.destination.to.some((t) => wanted.has(t.toLowerCase())));
}
