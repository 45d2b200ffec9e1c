import type { Actor } from "../audit/types.js";
import { ConflictError, NotFoundError, ValidationError } from "../errors.js";
import { newId } from "../ids.js";
import type { Services } from "../services.js";
import { cleanText, parseInput, z } from "../validation.js";
import { currentKey, regulationPk, VERSION_SK_PREFIX, versionCounterKey, versionKey } from "./keys.js";
import { normalizeText, templateText, textSha256, validateText } from "./text.js";
import type { CurrentRegulation, RegulationVersion, VersionSource } from "./types.js";

export const REGULATION_TITLE = "Положение об использовании ИКОП «Сферум» в национальном мессенджере «MAX»";

export const newVersionSchema = z.object({
  source: z.enum(["template", "upload"], "Выберите источник текста"),
  /** The edited text (required when source is "upload"). */
  text: z
    .string()
    .max(1024 * 1024, "Текст слишком длинный")
    .optional(),
  note: cleanText(500).optional(),
});
export type NewVersion = z.input<typeof newVersionSchema>;

type VersionItem = RegulationVersion & { pk: string; sk: string };

const strip = <T extends { pk: string; sk: string }>(item: T): Omit<T, "pk" | "sk"> => {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest;
};

const MAX_ATTEMPTS = 10;

/** Versions of the regulation and the in-force pointer. */
export class RegulationRepository {
  constructor(private readonly services: Services) {}

  private get orgId() {
    return this.services.config.orgId;
  }

  async list(): Promise<RegulationVersion[]> {
    const items = await this.services.db.query<VersionItem>({
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :sk)",
      ExpressionAttributeValues: { ":pk": regulationPk(this.orgId), ":sk": VERSION_SK_PREFIX },
      ConsistentRead: true,
    });
    return items.map((i) => strip(i) as RegulationVersion).sort((a, b) => b.no - a.no);
  }

  async get(versionId: string): Promise<RegulationVersion | undefined> {
    if (!z.uuid().safeParse(versionId).success) return undefined;
    const item = await this.services.db.get<VersionItem>(versionKey(this.orgId, versionId), true);
    return item ? (strip(item) as RegulationVersion) : undefined;
  }

  async require(versionId: string): Promise<RegulationVersion> {
    const version = await this.get(versionId);
    if (!version) throw new NotFoundError("Редакция Положения не найдена");
    return version;
  }

  /** The version in force now, if any. */
  async current(): Promise<CurrentRegulation | undefined> {
    const item = await this.services.db.get<CurrentRegulation & { pk: string; sk: string }>(
      currentKey(this.orgId),
      true,
    );
    return item ? (strip(item) as CurrentRegulation) : undefined;
  }

  /** The stored text of a version. */
  async text(version: RegulationVersion): Promise<string> {
    return new TextDecoder().decode(await this.services.objects.get(version.textKey));
  }

  /**
   * Creates a draft from the text in `templates/` or from an edited text. The text is validated
   * (it must render with both marks), stored in S3 under its hash, then the version record and the
   * version counter are written in one transaction.
   */
  async create(input: NewVersion, actor: Actor): Promise<RegulationVersion> {
    const data = parseInput(newVersionSchema, input);
    let text: string;
    if (data.source === "template") {
      text = templateText();
    } else {
      if (!data.text?.trim())
        throw new ValidationError("Приложите текст новой редакции", { text: ["Приложите файл с текстом"] });
      text = normalizeText(data.text);
    }
    validateText(text, this.services.config.org);
    const sha256 = textSha256(text);

    const existing = await this.list();
    const same = existing.find(
      (v) => v.textSha256 === sha256 && ["draft", "adopted", "in_force"].includes(v.state),
    );
    if (same) {
      const message = `Редакция № ${same.no} с таким же текстом уже есть (${same.state === "in_force" ? "действует" : same.state === "adopted" ? "принята педсоветом" : "проект"})`;
      throw new ValidationError(message, { text: [message] });
    }

    const stored = await this.services.objects.put("uploads", Buffer.from(text, "utf8"), {
      contentType: "text/markdown; charset=utf-8",
      extension: "md",
      metadata: { kind: "regulation-text" },
    });
    return this.insert(data.source, stored, data.note, actor);
  }

  private async insert(
    source: VersionSource,
    stored: { key: string; sha256: string; size: number },
    note: string | undefined,
    actor: Actor,
  ): Promise<RegulationVersion> {
    const { db } = this.services;
    const counterKey = versionCounterKey(this.orgId);
    for (let attempt = 1; ; attempt++) {
      const counter = await db.get<{ no: number }>(counterKey, true);
      const previous = counter?.no ?? 0;
      const no = previous + 1;
      const now = this.services.now().toISOString();
      const versionId = newId();
      const version: RegulationVersion = {
        entity: "regulation-version",
        versionId,
        no,
        state: "draft",
        title: REGULATION_TITLE,
        ...(note ? { note } : {}),
        source,
        textSha256: stored.sha256,
        textKey: stored.key,
        textSize: stored.size,
        createdAt: now,
        createdBy: actor,
        updatedAt: now,
        version: 1,
      };
      const raced = new ConflictError("Номер редакции занят, повторите", "busy");
      try {
        await db.transact(
          [
            counter
              ? {
                  update: counterKey,
                  expression: "SET #no = :next",
                  condition: "#no = :prev",
                  names: { "#no": "no" },
                  values: { ":next": no, ":prev": previous },
                  onConflict: () => raced,
                }
              : {
                  put: { ...counterKey, no },
                  condition: "attribute_not_exists(pk)",
                  onConflict: () => raced,
                },
            {
              put: { ...versionKey(this.orgId, versionId), ...version },
              condition: "attribute_not_exists(pk)",
            },
          ],
          [
            {
              actor,
              action: "regulation.version_created",
              entityType: "regulation_version",
              entityId: versionId,
              after: "draft",
              details: { no, source, textSha256: stored.sha256 },
            },
          ],
        );
        return version;
      } catch (error) {
        if (error !== raced || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }
}
