import { isoDate, z } from "../validation.js";
import { isChatInvitationUrl } from "./rules.js";

export const chatLinkSchema = z
  .object({
    url: z
      .string({ error: "Вставьте ссылку-приглашение" })
      .trim()
      .min(1, "Вставьте ссылку-приглашение")
      .max(500, "Не длиннее 500 символов")
      .refine(
        isChatInvitationUrl,
        "Нужна ссылка-приглашение «Сферума» или MAX, начинающаяся с https:// (max.ru, web.max.ru, sferum.ru)",
      ),
  })
  .strict();

export const chatRevokedSchema = z
  .object({
    revokedOn: isoDate,
    /** The version of the invitation the administrator saw: a link replaced meanwhile is not marked. */
    version: z.coerce.number({ error: "Обновите страницу" }).int().positive(),
  })
  .strict();
