import type { Actor } from "../audit/types.js";
import { ConflictError, DomainError, NotFoundError, StateError, ValidationError } from "../errors.js";
import { type Group, GroupRepository } from "../roster/group-repository.js";
import { groupCodeKey, groupKey } from "../roster/keys.js";
import { groupCodeKey as codeKeyOf, displayGroupCode } from "../roster/normalize.js";
import { groupCodeSchema } from "../roster/schemas.js";
import type { Services } from "../services.js";
import type { TxItem } from "../storage/database.js";

/**
 * A new academic year: groups are renamed or promoted («ТМ-21» → «ТМ-31» when the course digit
 * changes). The group keeps its id, so its students, decisions, documents, counters and history stay;
 * the class teachers stay bound until the director's next distribution order. One transaction per
 * group moves the code's uniqueness entry and updates the record; the audit names both codes.
 */
export async function renameGroup(
  services: Services,
  groupId: string,
  newCode: string,
  actor: Actor,
  basis?: string,
): Promise<Group> {
  const parsed = groupCodeSchema.safeParse(newCode);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "Неверный код группы";
    throw new ValidationError(message, { code: [message] });
  }
  const code = displayGroupCode(parsed.data);
  const groups = new GroupRepository(services);
  const group = await groups.get(groupId, true);
  if (!group) throw new NotFoundError("Группа не найдена");
  const codeKey = codeKeyOf(code);
  if (group.code === code) throw new StateError(`Группа уже называется ${code}`, "same_code");
  const orgId = services.config.orgId;
  const now = services.now().toISOString();
  const items: TxItem[] = [
    {
      update: groupKey(orgId, groupId),
      expression: "SET code = :code, codeKey = :key, version = :next, updatedAt = :now",
      condition: "attribute_exists(pk) AND version = :v",
      values: {
        ":code": code,
        ":key": codeKey,
        ":next": group.version + 1,
        ":now": now,
        ":v": group.version,
      },
      onConflict: () =>
        new ConflictError("Группа была изменена другим пользователем. Обновите страницу и повторите."),
    },
  ];
  if (codeKey !== group.codeKey) {
    items.push(
      {
        delete: groupCodeKey(orgId, group.codeKey),
        condition: "groupId = :g",
        values: { ":g": groupId },
      },
      {
        put: { ...groupCodeKey(orgId, codeKey), groupId, code },
        condition: "attribute_not_exists(pk)",
        onConflict: () => new ConflictError(`Группа ${code} уже существует`, "group_exists"),
      },
    );
  } else {
    // Only the spelling changes («ТМ 21» → «ТМ-21»): the same uniqueness entry shows the new spelling.
    items.push({
      put: { ...groupCodeKey(orgId, codeKey), groupId, code },
      condition: "groupId = :g",
      values: { ":g": groupId },
    });
  }
  const trimmed = basis?.trim();
  await services.db.transact(items, [
    {
      actor,
      action: "group.renamed",
      entityType: "group",
      entityId: groupId,
      before: group.code,
      after: code,
      details: {
        classTeachers: group.classTeacherIds.join(","),
        ...(trimmed ? { basis: trimmed.slice(0, 200) } : {}),
      },
    },
  ]);
  return { ...group, code, codeKey, version: group.version + 1, updatedAt: now };
}

/** One rename of a promotion: the group by id or by its current code, and its new code. */
export interface RenameStep {
  groupId?: string;
  from?: string;
  to: string;
}

/**
 * The code a group gets when its course goes up by one, as a suggestion the administrator edits:
 * the first digit of the code is taken for the course («ТМ-21» → «ТМ-31», «2ПКС-1» → «3ПКС-1»).
 * No suggestion when the code has no digit or the course is already 9.
 */
export function promotedCode(code: string): string | undefined {
  const match = /\d/.exec(code);
  if (!match || match[0] === "9") return undefined;
  return `${code.slice(0, match.index)}${Number(match[0]) + 1}${code.slice(match.index + 1)}`;
}

interface PlannedRename {
  group: Group;
  to: string;
  toKey: string;
}

/**
 * Checks a promotion and orders it, writing nothing: every new code is valid, no two groups get the
 * same code, no code is held by a group the promotion leaves as it is, and the renames can be done
 * one after another (each code is freed before it is taken). Refused codes are reported per step
 * (`renames.{i}.code`, the API's field path); a cycle is refused as a whole.
 */
export async function planPromotion(services: Services, steps: RenameStep[]): Promise<PlannedRename[]> {
  const groups = await new GroupRepository(services).list();
  const byKey = new Map(groups.map((g) => [g.codeKey, g]));
  const byId = new Map(groups.map((g) => [g.groupId, g]));
  const fields: Record<string, string[]> = {};
  const plan: PlannedRename[] = [];
  const seenGroups = new Set<string>();
  const seenTargets = new Map<string, string>();
  for (const [i, s] of steps.entries()) {
    const group = s.groupId ? byId.get(s.groupId) : s.from ? byKey.get(codeKeyOf(s.from)) : undefined;
    if (!group) {
      fields[`renames.${i}.groupId`] = [s.from ? `Группа ${s.from} не найдена` : "Группа не найдена"];
      continue;
    }
    const parsed = groupCodeSchema.safeParse(s.to);
    if (!parsed.success) {
      fields[`renames.${i}.code`] = [parsed.error.issues[0]?.message ?? "Неверный код группы"];
      continue;
    }
    const to = displayGroupCode(parsed.data);
    const toKey = codeKeyOf(to);
    if (seenGroups.has(group.groupId)) {
      fields[`renames.${i}.groupId`] = [`Группа ${group.code} указана дважды`];
      continue;
    }
    seenGroups.add(group.groupId);
    if (to === group.code) {
      fields[`renames.${i}.code`] = [`Группа уже называется ${to}`];
      continue;
    }
    const twin = seenTargets.get(toKey);
    if (twin) {
      fields[`renames.${i}.code`] = [`Код ${to} уже выбран для группы ${twin}`];
      continue;
    }
    seenTargets.set(toKey, group.code);
    plan.push({ group, to, toKey });
  }
  const renamed = new Set(plan.map((p) => p.group.codeKey));
  for (const p of plan) {
    const holder = byKey.get(p.toKey);
    if (holder && holder.groupId !== p.group.groupId && !renamed.has(p.toKey)) {
      const i = steps.findIndex(
        (s) =>
          s.groupId === p.group.groupId || (!s.groupId && s.from && codeKeyOf(s.from) === p.group.codeKey),
      );
      fields[`renames.${i}.code`] = [`Группа ${holder.code} уже существует`];
    }
  }
  if (Object.keys(fields).length > 0) throw new ValidationError("Проверьте новые коды групп", fields);
  if (plan.length === 0)
    throw new ValidationError("Выберите хотя бы одну группу", { renames: ["Выберите хотя бы одну группу"] });
  const taken = new Set(groups.map((g) => g.codeKey));
  const ordered: PlannedRename[] = [];
  const left = [...plan];
  while (left.length > 0) {
    const i = left.findIndex((p) => !taken.has(p.toKey) || p.toKey === p.group.codeKey);
    if (i < 0)
      throw new StateError(
        `Переименования образуют цикл: ${left.map((p) => `${p.group.code} → ${p.to}`).join(", ")}`,
        "rename_cycle",
      );
    const [p] = left.splice(i, 1) as [PlannedRename];
    taken.delete(p.group.codeKey);
    taken.add(p.toKey);
    ordered.push(p);
  }
  return ordered;
}

/**
 * Renames several groups at once (a promotion: every course up by one), in an order that frees each
 * new code before it is taken («ТМ-31» → «ТМ-41» before «ТМ-21» → «ТМ-31»). Everything is checked
 * first (planPromotion): a bad code or a cycle changes nothing. Each rename is then a transaction of
 * its own (a college's promotion does not fit one: a code freed and taken again would be touched
 * twice); should one fail meanwhile (someone renamed a group at the same moment), the ones before it
 * stay done and the error says which remain.
 */
export async function promoteGroups(
  services: Services,
  steps: RenameStep[],
  actor: Actor,
  basis?: string,
): Promise<Array<{ from: string; to: string }>> {
  const ordered = await planPromotion(services, steps);
  const done: Array<{ from: string; to: string }> = [];
  for (const [i, p] of ordered.entries()) {
    try {
      const after = await renameGroup(services, p.group.groupId, p.to, actor, basis);
      done.push({ from: p.group.code, to: after.code });
    } catch (error) {
      if (!(error instanceof DomainError) || done.length === 0) throw error;
      const rest = ordered.slice(i).map((r) => `${r.group.code} → ${r.to}`);
      throw new ConflictError(
        `${error.message} Переименованы: ${done.map((d) => `${d.from} → ${d.to}`).join(", ")}; не переименованы: ${rest.join(", ")}.`,
        "promotion_partial",
      );
    }
  }
  return done;
}
