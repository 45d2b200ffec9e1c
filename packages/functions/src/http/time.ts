import { ruDateTime } from "@soglasie/core/clock";

/** «UTC+9» of a time zone at a moment (Intl's «GMT+9»: the same offset, the name people read). */
export function utcOffset(date: Date, timeZone: string): string {
  const part = new Intl.DateTimeFormat("ru-RU", { timeZone, timeZoneName: "shortOffset" })
    .formatToParts(date)
    .find((p) => p.type === "timeZoneName")?.value;
  const offset = (part ?? "GMT").replace(/^GMT/, "");
  return offset ? `UTC${offset.replace("-", "−")}` : "UTC";
}

/**
 * A time on a page with its zone: «25.11.2026 12:00 (UTC+9)». A parent or staff member elsewhere
 * (or a phone set to Moscow time) reads the college's time, not their own.
 */
export const pageDateTime = (date: Date, timeZone: string): string =>
  `${ruDateTime(date, timeZone)} (${utcOffset(date, timeZone)})`;
