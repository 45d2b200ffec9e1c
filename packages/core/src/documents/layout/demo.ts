import { DEFAULT_PD_PERIOD } from "../../config.js";
import type { DocumentInput } from "../schemas.js";
import type { DocumentType, PepStamp } from "../types.js";

/** Demo data for every document type: samples, warm-up, tests and benchmarks. */
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
      "Заместителя директора по учебно-воспитательной работе Петрову А. А., которая представила проект Положения и пояснила порядок получения согласий родителей (законных представителей) обучающихся.",
    votes: { for: 39, against: 0, abstained: 2 },
    decision:
      "Принять Положение об использовании информационно-коммуникационной образовательной платформы «Сферум» в национальном мессенджере «MAX» при реализации образовательных программ, программ внеурочной деятельности и дополнительного образования и представить его на утверждение директору колледжа.",
    chair: "Иванова Светлана Петровна",
    secretary: "Ёлкина Ольга Игоревна",
  },
  "order-approve-regulation": {
    council: { date: "2026-11-10", protocolNumber: "3" },
    effectiveDate: "2026-11-12",
    responsible: {
      name: "Петрова Анна Андреевна",
      position: "заместитель директора по учебно-воспитательной работе",
    },
  },
  "order-appoint-administrator": {
    appointee: { name: "Кузнецов Игорь Сергеевич", position: "преподаватель информатики" },
    effectiveDate: "2026-11-13",
    controller: {
      name: "Петрова Анна Андреевна",
      position: "заместитель директора по учебно-воспитательной работе",
    },
    regulation: { date: "2026-11-12", orderNumber: "145-од" },
  },
  "order-assign-class-teachers": {
    academicYear: "2026/2027",
    assignments: [
      { group: "ТМ-21", teacher: "Смирнова Елена Викторовна", position: "преподаватель" },
      { group: "ЭС-22", teacher: "Соколов Дмитрий Алексеевич", position: "преподаватель" },
      { group: "ПКС-23", teacher: "Ёлкина Ольга Игоревна", position: "преподаватель" },
      {
        group: "СВ-24",
        teacher: "Николаева-Щедрина Мария Юрьевна",
        position: "мастер производственного обучения",
      },
    ],
    regulation: { date: "2026-11-12", orderNumber: "145-од" },
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
        name: "Петрова Анна Андреевна",
        position: "заместитель директора по УВР",
        date: "2026-11-13",
        mark: "ознакомлен(а) электронно",
      },
      { name: "Кузнецов Игорь Сергеевич", position: "преподаватель информатики", date: "2026-11-13" },
      { name: "Смирнова Елена Викторовна", position: "преподаватель" },
    ],
  },
  "orders-register": {
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
      "Правилами использования простой электронной подписи для родителей (законных представителей) обучающихся (редакция № 1 от 12.11.2026)",
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
  consent: "С-0001",
  refusal: "О-0001",
  acknowledgment: "ЛО-1",
  "orders-register": "б/н",
  "personal-data-consent": "С-0001-ПД",
  "personal-data-consent-withdrawal": "С-0002-ОТ",
  "pep-rules": "ПЭП-Р-1",
};
