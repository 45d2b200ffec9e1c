import type { AppConfig } from "@soglasie/core/config";
import { codeContactOf } from "@soglasie/core/consent/confirmation-codes";
import { describe, expect, it } from "vitest";

/** The rule of who gets a confirmation code: the person who signs through the link that day. */
const config = (messages: Partial<AppConfig["messages"]>) => ({
  config: { messages } as unknown as AppConfig,
});
const student = {
  phone: "+7 914 000-00-01",
  email: "mother@example.ru",
  studentPhone: "+7 914 000-00-99",
  studentEmail: "student@example.ru",
};

describe("codeContactOf: the code goes to whoever signs", () => {
  it("a minor's parent, an adult student personally, the parent when the date of birth is unknown", () => {
    const both = config({ smsruApiId: "id", mailFrom: "college@example.ru" });
    const day = "2026-12-01";
    expect(codeContactOf(both, { ...student, birthDate: "2010-05-01" }, day)?.to).toBe("+79140000001");
    expect(codeContactOf(both, { ...student, birthDate: "2008-05-01" }, day)?.to).toBe("+79140000099");
    expect(codeContactOf(both, student, day)?.to).toBe("+79140000001");
    // The day the student turns 18 the code goes to the student.
    expect(codeContactOf(both, { ...student, birthDate: "2008-12-01" }, day)?.to).toBe("+79140000099");
  });

  it("by e-mail when no SMS provider is configured; nothing when the signer has no usable contact", () => {
    const mailOnly = config({ mailFrom: "college@example.ru" });
    const adult = { ...student, birthDate: "2008-05-01" };
    expect(codeContactOf(mailOnly, adult, "2026-12-01")).toEqual({
      channel: "email",
      to: "student@example.ru",
    });
    expect(
      codeContactOf(mailOnly, { ...adult, studentEmail: undefined }, "2026-12-01"),
      "an adult's code never goes to the parent",
    ).toBeUndefined();
  });
});
