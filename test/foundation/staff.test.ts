import { effectiveRoles } from "@soglasie/core/staff/roles";
import { StaffRepository } from "@soglasie/core/staff/staff-repository";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, SYSTEM, TEST_PASSWORD, type TestApp } from "../support/app.js";

let t: TestApp;
let repo: StaffRepository;

beforeAll(async () => {
  t = await createTestApp();
  repo = new StaffRepository(t.services);
});

const newStaff = (email: string) => ({
  email,
  fullName: "Орлова Ирина Павловна",
  position: "Преподаватель",
  pedagogical: true,
  roles: ["teacher" as const],
  password: TEST_PASSWORD,
});

describe("staff repository", () => {
  it("round-trips a staff member without exposing the password hash", async () => {
    const created = await repo.create(newStaff("Orlova@Example.RU"), SYSTEM);
    const read = await repo.get(created.staffId);
    expect(read).toEqual(created);
    expect(read).not.toHaveProperty("passwordHash");
    expect(read?.email).toBe("orlova@example.ru");
    expect((await repo.findByEmail("orlova@example.ru"))?.staffId).toBe(created.staffId);
  });

  it("refuses a second account with the same email, naming the field", async () => {
    await repo.create(newStaff("dup@example.ru"), SYSTEM);
    await expect(repo.create(newStaff("DUP@example.ru"), SYSTEM)).rejects.toMatchObject({
      code: "validation_error",
      fields: { email: ["Адрес уже используется"] },
    });
  });

  it("validates input with field-level Russian messages", async () => {
    await expect(
      repo.create({ ...newStaff("bad"), fullName: "<script>", password: "short" }, SYSTEM),
    ).rejects.toMatchObject({
      fields: {
        email: ["Неверный адрес электронной почты"],
        fullName: ["Только буквы, пробелы, дефис и апостроф"],
        password: ["Пароль не короче 12 символов"],
      },
    });
  });

  it("lets exactly one of two concurrent updates of one record win", async () => {
    const staff = await repo.create(newStaff("race@example.ru"), SYSTEM);
    const results = await Promise.allSettled([
      repo.setRoles(staff.staffId, ["teacher", "council_secretary"], SYSTEM, staff.version),
      repo.setRoles(staff.staffId, ["teacher", "class_teacher"], SYSTEM, staff.version),
    ]);
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toMatchObject({
      code: "conflict",
      message: expect.stringContaining("изменена"),
    });
    expect((await repo.get(staff.staffId))?.version).toBe(2);
  });

  it("applies role grants only within their period", () => {
    const staff = {
      roles: ["teacher" as const],
      roleGrants: [{ role: "administrator" as const, from: "2026-12-01", to: "2027-01-01" }],
    };
    expect(effectiveRoles(staff, "2026-11-30")).toEqual(["teacher"]);
    expect(effectiveRoles(staff, "2026-12-01")).toEqual(["administrator", "teacher"]);
    expect(effectiveRoles(staff, "2027-01-01")).toEqual(["teacher"]);
  });
});
