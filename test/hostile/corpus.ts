import { randomBytes } from "node:crypto";

/**
 * Nasty inputs, collected from what breaks web services: random bytes, wrong content types, huge
 * and deep bodies, Unicode edge cases, script and injection payloads, path traversal, forged tokens.
 */

/** Strings for every text field: markup, injections, Unicode oddities, huge values. */
export const HOSTILE_STRINGS = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "javascript:alert(1)",
  "' OR '1'='1' --",
  '{"$gt": ""}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection payload, literally.
  "${7*7}{{7*7}}<%= 7*7 %>",
  "../../../../etc/passwd",
  "..\\..\\..\\windows\\system32\\config\\sam",
  "\u0000\u0001\u0007\u001b[31m",
  "\u202eдеклАцинаА\u202c",
  "\ud800",
  "\udfff\ud800",
  "\ufeff\ufffe\uffff",
  "Z̷̢̛̗͓̓͌a̸̧̛͍̓l̴̢̛̞͋g̸̡̛͉̈o̷̧̿",
  "👨‍👩‍👧‍👦🏳️‍🌈",
  "Ё".repeat(10_000),
  " ",
  "",
  "__proto__",
  "%00%2e%2e%2f",
  "=cmd|' /C calc'!A0",
];

/** Values placed into path parameters (raw path segments; encoded where a URL needs it). */
export function hostileParams(token: { truncated: string; flipped: string }): string[] {
  return [
    "0",
    "-1",
    "null",
    "__proto__",
    "constructor",
    "00000000-0000-4000-8000-000000000000",
    "..%2F..%2F..%2Fetc%2Fpasswd",
    "%2e%2e%2f%2e%2e%2fhealth",
    encodeURIComponent("' OR '1'='1"),
    encodeURIComponent("<script>alert(1)</script>"),
    "%00",
    "%C0%AF",
    "%E2%80%AE%F0%9F%98%80",
    "a".repeat(3000),
    "AAAAAAAAAAAAAAAAAAAAAA",
    token.truncated,
    token.flipped,
  ];
}

/** Field names the service's forms and JSON bodies use (filled with hostile values). */
export const FIELD_NAMES = [
  "decision",
  "parentName",
  "relation",
  "alternatives",
  "confirm",
  "staffId",
  "effectiveFrom",
  "assignments",
  "academicYear",
  "group",
  "text",
  "source",
  "title",
  "date",
  "protocolNumber",
  "membersTotal",
  "membersPresent",
  "votesFor",
  "votesAgainst",
  "votesAbstained",
  "agendaItem",
  "decisionText",
  "chair",
  "secretary",
  "versionId",
  "email",
  "password",
  "next",
  "studentIds",
  "studentId",
  "reason",
  "quorum",
  "majority",
  "orderNumber",
  "_csrf",
];

export interface HostileBody {
  name: string;
  contentType?: string;
  body: string | Uint8Array;
  /** Big bodies are sent only where they can reach a handler (signed-in modes and public routes). */
  big?: boolean;
}

const MB10 = 10 * 1024 * 1024;

const multipart = (
  boundary: string,
  parts: Array<{ name: string; filename?: string; type?: string; value: string }>,
) =>
  `${parts
    .map(
      (p) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ""}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ""}\r\n${p.value}\r\n`,
    )
    .join("")}--${boundary}--\r\n`;

export function hostileBodies(): HostileBody[] {
  const everyField = (value: (i: number) => unknown) =>
    Object.fromEntries(FIELD_NAMES.map((name, i) => [name, value(i)]));
  const form = (value: (i: number) => string) =>
    new URLSearchParams(everyField(value) as Record<string, string>).toString();
  const hostile = (i: number) => HOSTILE_STRINGS[i % HOSTILE_STRINGS.length]!;
  return [
    { name: "no body, no content type", body: "" },
    { name: "random bytes as JSON", contentType: "application/json", body: randomBytes(512) },
    {
      name: "random bytes as a form",
      contentType: "application/x-www-form-urlencoded",
      body: randomBytes(512),
    },
    {
      name: "random bytes as multipart without boundary",
      contentType: "multipart/form-data",
      body: randomBytes(512),
    },
    {
      name: "multipart with a wrong boundary",
      contentType: "multipart/form-data; boundary=zzz",
      body: "--abc\r\nnot a part",
    },
    { name: "random bytes as CSV", contentType: "text/csv", body: randomBytes(512) },
    { name: "random bytes, octet-stream", contentType: "application/octet-stream", body: randomBytes(512) },
    { name: "JSON sent as text/plain", contentType: "text/plain", body: JSON.stringify(everyField(hostile)) },
    { name: "a form sent as JSON", contentType: "application/json", body: form(hostile) },
    {
      name: "XML with an external entity",
      contentType: "application/xml",
      body: "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>",
    },
    { name: "truncated JSON", contentType: "application/json", body: '{"decision": "cons' },
    { name: "JSON null", contentType: "application/json", body: "null" },
    { name: "JSON array", contentType: "application/json", body: "[1,2,3]" },
    {
      name: "JSON huge number",
      contentType: "application/json",
      body: '{"membersTotal":1e309,"staffId":-0}',
    },
    {
      name: "deep JSON array",
      contentType: "application/json",
      body: `${"[".repeat(100_000)}${"]".repeat(100_000)}`,
    },
    {
      name: "deep JSON object",
      contentType: "application/json",
      body: `${'{"assignments":'.repeat(20_000)}1${"}".repeat(20_000)}`,
    },
    {
      name: "prototype pollution",
      contentType: "application/json",
      body: '{"__proto__":{"isAdmin":true,"roles":["director"]},"constructor":{"prototype":{"polluted":1}}}',
    },
    {
      name: "hostile strings in every JSON field",
      contentType: "application/json",
      body: JSON.stringify(everyField(hostile)),
    },
    {
      name: "wrong types in every JSON field",
      contentType: "application/json",
      body: JSON.stringify(everyField((i) => [null, 1, true, [], {}, -1e20, "x".repeat(100_000)][i % 7])),
    },
    {
      name: "invalid UTF-8 in JSON",
      contentType: "application/json",
      body: new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0xff, 0xfe, 0x22, 0x7d]),
    },
    {
      name: "lone surrogates and controls in JSON",
      contentType: "application/json",
      body: '{"parentName":"\\ud800\\udfff\\u0000\\u202e\\ufeff","decision":"consent\\u0000","confirm":true}',
    },
    {
      name: "hostile strings in every form field",
      contentType: "application/x-www-form-urlencoded",
      body: form(hostile),
    },
    {
      name: "multipart with traversal file names",
      contentType: "multipart/form-data; boundary=b0undary",
      body: multipart("b0undary", [
        {
          name: "file",
          filename: "../../../../tmp/soglasie-traversal.csv",
          type: "text/csv",
          value: "Группа;ФИО\n",
        },
        {
          name: "protocol",
          filename: "..\\..\\..\\Windows\\win.ini\u0000.pdf",
          type: "application/pdf",
          value: "%PDF-1.4 fake",
        },
        { name: "date", value: "2026-13-45" },
        { name: "protocolNumber", value: "<script>alert(1)</script>" },
      ]),
    },
    {
      name: "10 MB JSON string",
      contentType: "application/json",
      body: `{"parentName":"${"Ж".repeat(MB10 / 2)}","text":"x"}`,
      big: true,
    },
    {
      name: "10 MB form",
      contentType: "application/x-www-form-urlencoded",
      body: `decision=consent&parentName=${"a".repeat(MB10)}`,
      big: true,
    },
    {
      name: "10 MB CSV",
      contentType: "text/csv",
      body: `Группа;ФИО обучающегося;ФИО родителя\n${"ТМ-1;А Б;В Г\n".repeat(MB10 / 14)}`,
      big: true,
    },
  ];
}

/** Query strings for routes without parameters. */
export const HOSTILE_QUERIES = [
  "?next=%2F%2Fevil.example%2F&x=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
  "?year=-1&kind=..%2F..%2Fetc&only=%00&n=1e309&done=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
  `?q=${"%F0%9F%98%80".repeat(500)}&a[]=1&a[__proto__]=x&%C0%AF=1`,
];
