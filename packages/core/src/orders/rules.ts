import type { StaffMember } from "../staff/staff-repository.js";

/**
 * Rules of the regulation for the director's orders. Each is named after the rule and cites its
 * clause; docs/clauses.md lists where each is applied and tested.
 */

/**
 * Clause 2.4: the administration «назначает администратора ИКОП «Сферум» из числа педагогических
 * работников»: only a pedagogical worker still employed can be appointed.
 */
export const canBeAdministrator = (staff: Pick<StaffMember, "active" | "pedagogical">): boolean =>
  staff.active && staff.pedagogical;

/**
 * Clause 2.3: the administrator attaches «педагогических работников, выполняющих должностные
 * обязанности классных руководителей» to groups by the director's distribution: a class teacher is
 * a pedagogical worker still employed.
 */
export const canBeClassTeacher = (staff: Pick<StaffMember, "active" | "pedagogical">): boolean =>
  staff.active && staff.pedagogical;

/** Orders are numbered per calendar year: the year of the order's date selects the sequence. */
export const numberingYear = (orderDate: string): number => Number(orderDate.slice(0, 4));

/** The next registration number of a year: one more than the last, so the register has no gaps. */
export const nextOrderSeq = (lastSeq: number | undefined): number => (lastSeq ?? 0) + 1;

/**
 * An order's date is the day it is registered and signed; what it puts into effect («ввести в
 * действие с», an appointment's start) starts on that day or later, never before the order exists.
 */
export const mayTakeEffectOn = (orderDate: string, effectiveDate: string): boolean =>
  effectiveDate >= orderDate;

/**
 * ТК РФ art. 22, 68: a person an order names (the appointee, the responsible person, the
 * controller, the class teachers) is acquainted with it; only they acknowledge it.
 */
export const mustAcknowledgeOrder = (order: { named?: string[] }, staffId: string): boolean =>
  (order.named ?? []).includes(staffId);
