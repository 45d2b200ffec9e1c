import { DEFAULT_PD_PERIOD } from "../../config.js";
import type { DocumentInput } from "../schemas.js";
import {
  type DocumentMeta,
  type DocumentType,
  type PepStamp,
  pepAudienceOf,
  type Signatory,
} from "../types.js";

/**
 * Demo data for every document type: samples, warm-up, tests and benchmarks. One story with dates
 * that agree: the pedagogical council adopts the regulation on 10.11.2026 (protocol № 3, extract
 * certified 11.11), the director approves it by order 145-од of 12.11 (in force from 12.11),
 * appoints the administrator by 146-од of 13.11 (from 13.11), staff acknowledge it from 13.11,
 * class teachers are assigned by 152-од of 20.11, parents answer on 20.11 and 21.11, 146-од is
 * declared void from 24.11 by 153-од of 24.11, the register extract is made on 25.11. Names are the hard cases of Russian declension: Черных, Дурново and a
 * woman's Ким do not decline, Кузнецова-Петрова is double, Ёлкин has ё, Гусейнов … оглы keeps «оглы».
 */
export const DEMO_DATA: { [T in DocumentType]: DocumentInput<T> } = {
  regulation: {
    adoption: { date: "2026-11-10", protocolNumber: "3" },
    approval: { date: "2026-11-12", orderNumber: "145-од" },
  },
  "protocol-extract": {
    meetingDate: "2026-11-10",
    protocolNumber: "3",
    membersTotal: 48,
    membersPresent: 41,
    agendaNumber: 1,
    agendaItem:
      "О принятии Положения об использовании информационно-коммуникационной образовательной платформы «Сферум» в национальном мессенджере «MAX»",
    heard:
      "Заместителя директора по учебно-воспитательной работе Черных А.А., которая представила проект Положения и пояснила порядок получения согласий родителей (законных представителей) обучающихся.",
    votes: { for: 39, against: 0, abstained: 2 },
    decision:
      "Принять Положение об использовании информационно-коммуникационной образовательной платформы «Сферум» в национальном мессенджере «MAX» при реализации образовательных программ, программ внеурочной деятельности и дополнительного образования и представить его на утверждение директору колледжа.",
    chair: "Иванова Светлана Петровна",
    secretary: "Ёлкина Ольга Игоревна",
    certification: {
      name: "Ёлкина Ольга Игоревна",
      position: "Секретарь педагогического совета",
      date: "2026-11-11",
    },
  },
  "order-approve-regulation": {
    council: { date: "2026-11-10", protocolNumber: "3" },
    effectiveDate: "2026-11-12",
    responsible: {
      name: "Черных Анна Андреевна",
      position: "заместитель директора по учебно-воспитательной работе",
    },
    signer: { name: "Иванова Светлана Петровна", position: "Директор" },
    executor: { name: "Иванова Светлана Петровна", phone: "+7 3022 32-45-67" },
    acquaintances: [
      {
        name: "Черных Анна Андреевна",
        position: "заместитель директора по учебно-воспитательной работе",
      },
    ],
  },
  "order-appoint-administrator": {
    appointee: { name: "Гусейнов Эльчин Рашид оглы", position: "преподаватель информатики" },
    effectiveDate: "2026-11-13",
    controller: {
      name: "Черных Анна Андреевна",
      position: "заместитель директора по учебно-воспитательной работе",
    },
    regulation: { date: "2026-11-12", orderNumber: "145-од" },
    signer: { name: "Иванова Светлана Петровна", position: "Директор" },
    executor: { name: "Иванова Светлана Петровна", phone: "+7 3022 32-45-67" },
    acquaintances: [
      { name: "Гусейнов Эльчин Рашид оглы", position: "преподаватель информатики" },
      {
        name: "Черных Анна Андреевна",
        position: "заместитель директора по учебно-воспитательной работе",
      },
    ],
  },
  "order-assign-class-teachers": {
    academicYear: "2026/2027",
    assignments: [
      { group: "ТМ-21", teacher: "Ким Юлия Сергеевна", position: "преподаватель" },
      { group: "ЭС-22", teacher: "Дурново Пётр Алексеевич", position: "преподаватель" },
      { group: "ПКС-23", teacher: "Ёлкин Олег Игоревич", position: "преподаватель" },
      {
        group: "СВ-24",
        teacher: "Кузнецова-Петрова Мария Юрьевна",
        position: "мастер производственного обучения",
      },
    ],
    regulation: { date: "2026-11-12", orderNumber: "145-од" },
    signer: { name: "Иванова Светлана Петровна", position: "Директор" },
    executor: { name: "Иванова Светлана Петровна", phone: "+7 3022 32-45-67" },
    acquaintances: [
      { name: "Смирнова Елена Викторовна", position: "преподаватель" },
      { name: "Соколов Дмитрий Алексеевич", position: "преподаватель" },
      { name: "Ёлкина Ольга Игоревна", position: "преподаватель" },
      { name: "Николаева-Щедрина Мария Юрьевна", position: "мастер производственного обучения" },
    ],
  },
  "order-cancel": {
    cancelKind: "void-from",
    cancelled: {
      date: "2026-11-13",
      orderNumber: "146-од",
      title: "О назначении администратора ИКОП «Сферум»",
    },
    reason: "переводом Гусейнова Эльчина Рашид оглы на должность методиста",
    effectiveDate: "2026-11-24",
    signer: { name: "Иванова Светлана Петровна", position: "Директор" },
    executor: { name: "Иванова Светлана Петровна", phone: "+7 3022 32-45-67" },
    acquaintances: [{ name: "Гусейнов Эльчин Рашид оглы", position: "преподаватель информатики" }],
  },
  consent: {
    student: { name: "Волков Артём Денисович", group: "ТМ-21" },
    parent: { name: "Волкова Наталья Сергеевна", relation: "mother" },
    decidedAt: "2026-11-20T10:04:05.000Z",
    typedName: "Волкова Наталья Сергеевна",
    regulation: { date: "2026-11-12", orderNumber: "145-од" },
    personalDataConsent: { number: "С-0001-ПД" },
  },
  refusal: {
    student: { name: "Зайцева Алёна Павловна", group: "ЭС-22" },
    parent: { name: "Зайцев Павел Николаевич", relation: "father" },
    decidedAt: "2026-11-21T02:30:00.000Z",
    typedName: "Зайцев Павел Николаевич",
    channels: ["diary", "parent-meetings"],
    regulation: { date: "2026-11-12", orderNumber: "145-од" },
  },
  acknowledgment: {
    regulation: { date: "2026-11-12", orderNumber: "145-од" },
    entries: [
      {
        name: "Черных Анна Андреевна",
        position: "заместитель директора по УВР",
        date: "2026-11-13",
        time: "09:41",
        record: "3F2A9C1B",
      },
      {
        name: "Гусейнов Эльчин Рашид оглы",
        position: "преподаватель информатики",
        date: "2026-11-16",
        time: "14:05",
        record: "7C0D52E4",
      },
      { name: "Ким Юлия Сергеевна", position: "преподаватель" },
    ],
  },
  "order-acknowledgment": {
    order: {
      number: "146-од",
      date: "2026-11-13",
      title: "О назначении администратора ИКОП «Сферум»",
    },
    entries: [
      {
        name: "Гусейнов Эльчин Рашид оглы",
        position: "преподаватель информатики",
        date: "2026-11-16",
        time: "14:07",
        record: "A41B9F07",
      },
      { name: "Черных Анна Андреевна", position: "заместитель директора по учебно-воспитательной работе" },
    ],
  },
  "orders-register": {
    signer: { name: "Иванова Светлана Петровна", position: "Директор" },
    year: 2026,
    generatedAt: "2026-11-25T03:15:00.000Z",
    rows: [
      {
        number: "145-од",
        date: "2026-11-12",
        title: "Об утверждении Положения об использовании ИКОП «Сферум»",
        status: "Действует",
        signedBy: "Директор Иванова Светлана Петровна",
      },
      {
        number: "146-од",
        date: "2026-11-13",
        title: "О назначении администратора ИКОП «Сферум»",
        status: "Утратил силу",
        signedBy: "Директор Иванова Светлана Петровна",
      },
      {
        number: "152-од",
        date: "2026-11-20",
        title: "О закреплении классных руководителей за учебными группами",
        status: "Действует",
        signedBy: "Директор Иванова Светлана Петровна",
      },
      {
        number: "153-од",
        date: "2026-11-24",
        title: "О признании утратившим силу приказа от 13.11.2026 № 146-од",
        status: "Действует",
        signedBy: "Директор Иванова Светлана Петровна",
      },
    ],
  },
  "personal-data-consent": {
    student: {
      name: "Волков Артём Денисович",
      group: "ТМ-21",
      address: "672039, Забайкальский край, г. Чита, ул. Бабушкина, д. 12, кв. 4",
      document: {
        type: "passport-ru",
        series: "7622",
        number: "318204",
        issuedOn: "2024-05-16",
        issuer: "УМВД России по Забайкальскому краю",
      },
    },
    representative: {
      name: "Волкова Наталья Сергеевна",
      relation: "mother",
      address: "672039, Забайкальский край, г. Чита, ул. Бабушкина, д. 12, кв. 4",
      document: {
        type: "passport-ru",
        series: "7611",
        number: "402817",
        issuedOn: "2012-09-03",
        issuer: "Отделом УФМС России по Забайкальскому краю в Центральном районе г. Читы",
      },
    },
    authority: {
      type: "birth-certificate",
      series: "II-СП",
      number: "581034",
      issuedOn: "2010-03-02",
      issuer:
        "Отдел записи актов гражданского состояния Центрального района г. Читы Департамента ЗАГС Забайкальского края",
    },
    period: DEFAULT_PD_PERIOD,
    decidedAt: "2026-11-20T10:04:05.000Z",
    typedName: "Волкова Наталья Сергеевна",
    regulation: { date: "2026-11-12", orderNumber: "145-од" },
  },
  "personal-data-consent-withdrawal": {
    student: { name: "Волков Артём Денисович", group: "ТМ-21" },
    representative: { name: "Волкова Наталья Сергеевна", relation: "mother" },
    consent: { number: "С-0001-ПД", date: "2026-11-20" },
    decidedAt: "2026-11-24T06:15:00.000Z",
    typedName: "Волкова Наталья Сергеевна",
  },
  "pep-rules": { audience: "parents", version: 1 },
};

/** The rules of the simple electronic signature the demo parents' documents cite. */
export const DEMO_PEP: Record<"parents" | "staff", PepStamp> = {
  parents: {
    audience: "parents",
    version: 1,
    date: "2026-11-12",
    documentId: "00000000-0000-4000-8000-000000000001",
    url: "https://soglasie.example.ru/pep-rules/parents/1.pdf",
    reference:
      "Правилами использования простой электронной подписи для родителей (законных представителей) обучающихся и совершеннолетних обучающихся (редакция № 1 от 12.11.2026)",
  },
  staff: {
    audience: "staff",
    version: 1,
    date: "2026-11-12",
    documentId: "00000000-0000-4000-8000-000000000002",
    url: "https://soglasie.example.ru/pep-rules/staff/1.pdf",
    reference:
      "Правилами использования простой электронной подписи для работников колледжа (редакция № 1 от 12.11.2026)",
  },
};

/** Registration numbers of the demo documents. */
export const DEMO_NUMBERS: Record<DocumentType, string> = {
  regulation: "П-7",
  "protocol-extract": "3",
  "order-approve-regulation": "145-од",
  "order-appoint-administrator": "146-од",
  "order-assign-class-teachers": "152-од",
  "order-cancel": "153-од",
  consent: "С-0001",
  refusal: "О-0001",
  acknowledgment: "ЛО-1.2",
  "orders-register": "ВЖ-1",
  "order-acknowledgment": "146-од/ЛО-1",
  "personal-data-consent": "С-0001-ПД",
  "personal-data-consent-withdrawal": "С-0002-ОТ",
  "pep-rules": "ПЭП-Р-1",
};

/** How each demo document was registered and signed (DEMO_DATA tells what it says). */
export interface DemoIssue {
  /** Registration date (ISO), the date printed in the document. */
  date: string;
  /** The instant the document was signed (ISO). */
  signedAt: string;
  signatory?: Signatory;
}

const director = (signedAt: string): Signatory => ({
  fullName: "Иванова Светлана Петровна",
  position: "Директор",
  method: "staff-session",
  signedAt,
});

/** Types without an entry are issued on DEMO_FALLBACK by the organisation alone. */
export const DEMO_ISSUES: Partial<Record<DocumentType, DemoIssue>> = {
  // The secretary certifies the extract «Верно» and signs it on the day of the certification.
  "protocol-extract": {
    date: "2026-11-11",
    signedAt: "2026-11-11T01:20:00.000Z",
    signatory: {
      fullName: "Ёлкина Ольга Игоревна",
      position: "Секретарь педагогического совета",
      method: "staff-session",
      signedAt: "2026-11-11T01:20:00.000Z",
    },
  },
  "order-approve-regulation": {
    date: "2026-11-12",
    signedAt: "2026-11-12T02:00:00.000Z",
    signatory: director("2026-11-12T02:00:00.000Z"),
  },
  regulation: {
    date: "2026-11-12",
    signedAt: "2026-11-12T02:00:30.000Z",
    signatory: director("2026-11-12T02:00:30.000Z"),
  },
  "order-appoint-administrator": {
    date: "2026-11-13",
    signedAt: "2026-11-13T00:30:00.000Z",
    signatory: director("2026-11-13T00:30:00.000Z"),
  },
  "order-assign-class-teachers": {
    date: "2026-11-20",
    signedAt: "2026-11-20T01:00:00.000Z",
    signatory: director("2026-11-20T01:00:00.000Z"),
  },
  "order-cancel": {
    date: "2026-11-24",
    signedAt: "2026-11-24T01:30:00.000Z",
    signatory: director("2026-11-24T01:30:00.000Z"),
  },
  consent: {
    date: "2026-11-20",
    signedAt: "2026-11-20T10:04:05.000Z",
    signatory: {
      fullName: "Волкова Наталья Сергеевна",
      method: "personal-link",
      signedAt: "2026-11-20T10:04:05.000Z",
    },
  },
  "personal-data-consent": {
    date: "2026-11-20",
    signedAt: "2026-11-20T10:04:05.000Z",
    signatory: {
      fullName: "Волкова Наталья Сергеевна",
      method: "personal-link",
      signedAt: "2026-11-20T10:04:05.000Z",
    },
  },
  "personal-data-consent-withdrawal": {
    date: "2026-11-24",
    signedAt: "2026-11-24T06:15:00.000Z",
    signatory: {
      fullName: "Волкова Наталья Сергеевна",
      method: "personal-link",
      signedAt: "2026-11-24T06:15:00.000Z",
    },
  },
  // The rules themselves are published by the organisation before anyone signs under them.
  "pep-rules": { date: "2026-11-12", signedAt: "2026-11-12T01:30:00.000Z" },
  refusal: {
    date: "2026-11-21",
    signedAt: "2026-11-21T02:30:00.000Z",
    signatory: {
      fullName: "Зайцев Павел Николаевич",
      method: "personal-link",
      signedAt: "2026-11-21T02:30:00.000Z",
    },
  },
  // The service issues the sheet anew after each acknowledgment, sealed by the organisation alone.
  acknowledgment: { date: "2026-11-16", signedAt: "2026-11-16T07:06:00.000Z" },
  // The organisation alone seals an order's acknowledgment sheet, after the last acknowledgment.
  "order-acknowledgment": { date: "2026-11-16", signedAt: "2026-11-16T07:10:00.000Z" },
  "orders-register": {
    date: "2026-11-25",
    signedAt: "2026-11-25T03:15:00.000Z",
    signatory: director("2026-11-25T03:15:00.000Z"),
  },
};

export const DEMO_FALLBACK: DemoIssue = { date: "2026-11-25", signedAt: "2026-11-25T02:00:00.000Z" };

/** The first and the last signing instant of the demo story (a certificate must cover both). */
export function demoSigningSpan(): { from: Date; to: Date } {
  const times = [DEMO_FALLBACK, ...Object.values(DEMO_ISSUES)].map((i) => Date.parse(i.signedAt));
  return { from: new Date(Math.min(...times)), to: new Date(Math.max(...times)) };
}

/** Registration data of a demo document: its number, date, signing time, signatory and verification URL. */
export function demoMeta(type: DocumentType, documentId: string, baseUrl: string): DocumentMeta {
  const issue = DEMO_ISSUES[type] ?? DEMO_FALLBACK;
  return {
    documentId,
    number: DEMO_NUMBERS[type],
    date: issue.date,
    signedAt: new Date(issue.signedAt),
    verifyUrl: `${baseUrl.replace(/\/+$/, "")}/verify/${documentId}`,
    timeZone: "Asia/Chita",
    ...(issue.signatory
      ? { signatory: issue.signatory, pep: DEMO_PEP[pepAudienceOf(issue.signatory.method)] }
      : {}),
  };
}
