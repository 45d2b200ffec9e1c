/**
 * A valid `personalData` of a consent (152-FZ art. 9 p. 4): a mother with a passport, the student
 * with a passport, the student's birth certificate as the mother's authority. The numbers are made
 * up; tests look for them wherever personal data must not be.
 */
export const PASSPORT_STUDENT = { series: "7622", number: "318204" };
export const PASSPORT_PARENT = { series: "7611", number: "402817" };
export const BIRTH_CERTIFICATE = { series: "II-СП", number: "581034" };

export const personalData = (over: { address?: string } = {}) => ({
  student: {
    sameAddress: true,
    document: {
      type: "passport-ru",
      series: PASSPORT_STUDENT.series,
      number: PASSPORT_STUDENT.number,
      issuedOn: "2024-05-16",
      issuer: "УМВД России по Забайкальскому краю",
    },
  },
  representative: {
    address: over.address ?? "672039, Забайкальский край, г. Чита, ул. Бабушкина, д. 12, кв. 4",
    document: {
      type: "passport-ru",
      series: PASSPORT_PARENT.series,
      number: PASSPORT_PARENT.number,
      issuedOn: "2012-09-03",
      issuer: "Отделом УФМС России по Забайкальскому краю в Центральном районе г. Читы",
    },
  },
  authority: {
    type: "birth-certificate",
    series: BIRTH_CERTIFICATE.series,
    number: BIRTH_CERTIFICATE.number,
    issuedOn: "2010-03-02",
    issuer: "Отдел ЗАГС Центрального района г. Читы",
  },
});

/** A nested value as the form's dotted field names: {personalData: {a: {b: 1}}} → {"personalData.a.b": "1"}. */
export function flatForm(value: unknown, prefix = "personalData"): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === true) out[prefix] = "on";
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) Object.assign(out, flatForm(v, `${prefix}.${k}`));
  else if (value !== undefined && value !== false) out[prefix] = String(value);
  return out;
}
