import type { Ack } from "./consent-invariants.js";
import { personalData } from "./personal-data.js";

/** Sends one HTTP request: `fetch` against a server, or a hono app's `request` in process. */
export type Send = (path: string, init: RequestInit) => Promise<Response>;

export const overHttp =
  (baseUrl: string): Send =>
  (path, init) =>
    fetch(`${baseUrl}${path}`, init);

export interface Answer {
  decision: "consent" | "refusal" | "withdrawal";
  parentName: string;
  relation: string;
  alternatives?: string[];
  confirm: true;
  /** «Исполнилось ли обучающемуся 18 лет?»: asked while the roster gives no date of birth. */
  studentAge?: "minor" | "adult";
  /** The signature rules (required on a link's first answer; harmless later). */
  pepRulesAccepted: true;
  /** A consent's personal-data consent elements. */
  personalData?: ReturnType<typeof personalData>;
}

export const consentAnswer = (parentName = "Волкова Наталья Сергеевна"): Answer => ({
  decision: "consent",
  studentAge: "minor",
  parentName,
  relation: "мать",
  confirm: true,
  pepRulesAccepted: true,
  personalData: personalData(),
});

export const refusalAnswer = (parentName = "Волкова Наталья Сергеевна"): Answer => ({
  decision: "refusal",
  studentAge: "minor",
  parentName,
  relation: "мать",
  alternatives: ["diary", "parent_meetings"],
  confirm: true,
  pepRulesAccepted: true,
});

export const withdrawalAnswer = (parentName = "Волкова Наталья Сергеевна"): Answer => ({
  decision: "withdrawal",
  parentName,
  relation: "мать",
  confirm: true,
  pepRulesAccepted: true,
});

export interface Attempt {
  status: number | "network-error";
  body?: unknown;
}

/**
 * What a parent's phone does: POST the answer; on a network error or a 5xx, wait and send the same
 * answer again, up to `retries` times. Returns the acknowledgment (2xx) and every attempt made.
 */
export async function submitAnswer(
  send: Send,
  token: string,
  answer: Answer,
  opts: { retries?: number; client?: string; backoffMs?: number } = {},
): Promise<{ ack?: Ack; attempts: Attempt[] }> {
  const attempts: Attempt[] = [];
  const retries = opts.retries ?? 0;
  for (let i = 0; i <= retries; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, (opts.backoffMs ?? 200) * Math.min(2 ** (i - 1), 8)));
    let res: Response;
    try {
      res = await send(`/api/consent/${token}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "Mozilla/5.0 (Linux; Android 14) soglasie-test",
          "x-forwarded-for": opts.client ?? "198.51.100.20",
        },
        body: JSON.stringify(answer),
      });
    } catch {
      attempts.push({ status: "network-error" });
      continue;
    }
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: kept as text for the report.
    }
    attempts.push({ status: res.status, body });
    if (res.status >= 200 && res.status < 300) {
      const b = body as { documentId: string; decision: Answer["decision"] };
      return { ack: { token, decision: b.decision, documentId: b.documentId, status: res.status }, attempts };
    }
    if (res.status < 500) return { attempts };
  }
  return { attempts };
}
