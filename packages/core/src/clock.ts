/** Calendar helpers in the organisation's time zone (Chita is UTC+9): documents carry local dates. */

// Intl formatters are costly to build (~0.3 ms each) and these run per request and per table row:
// one of each kind per zone for the life of the process.
const FORMATS = {
  // en-CA formats as YYYY-MM-DD.
  date: ["en-CA", { year: "numeric", month: "2-digit", day: "2-digit" }],
  dateTime: [
    "ru-RU",
    { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" },
  ],
  offset: ["en-US", { timeZoneName: "longOffset" }],
} as const satisfies Record<string, [string, Intl.DateTimeFormatOptions]>;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: keyof typeof FORMATS, timeZone: string): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    const [locale, options] = FORMATS[kind];
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    formatters.set(key, f);
  }
  return f;
}

export function localDate(date: Date, timeZone: string): string {
  return formatter("date", timeZone).format(date);
}

/** «UTC+09:00» for an instant in a zone. */
export function utcOffset(date: Date, timeZone: string): string {
  const part = formatter("offset", timeZone)
    .formatToParts(date)
    .find((p) => p.type === "timeZoneName")?.value;
  return !part || part === "GMT" ? "UTC" : part.replace("GMT", "UTC");
}

/** «25.11.2026» from an ISO date. */
export function ruDate(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split("-");
  return `${d}.${m}.${y}`;
}

const MONTHS_GENITIVE = [
  "января",
  "февраля",
  "марта",
  "апреля",
  "мая",
  "июня",
  "июля",
  "августа",
  "сентября",
  "октября",
  "ноября",
  "декабря",
];

/** «25 ноября 2026 г.» from an ISO date. */
export function ruDateLong(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split("-").map(Number);
  return `${d} ${MONTHS_GENITIVE[(m ?? 1) - 1]} ${y} г.`;
}

/** Date-time for people, in the organisation's zone: «25.11.2026 19:04». */
export function ruDateTime(date: Date, timeZone: string): string {
  return formatter("dateTime", timeZone).format(date).replace(",", "");
}
