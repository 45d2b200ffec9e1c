import type { Services } from "@soglasie/core/services";
import { Hono } from "hono";
import type { Child } from "hono/jsx";
import { parseFormBody } from "../../http/body.js";
import type { AppEnv } from "../../http/env.js";
import { noStore } from "../../http/exports.js";
import { MAX_VERIFY_BYTES, TOO_LARGE, verifyBodyLimit } from "./upload-limit.js";
import { RecordCard, ResultCard, Verdict } from "./views/details.js";
import { UploadForm, VerifyPage } from "./views/verify-page.js";

/**
 * The public verification pages (the QR code of every PDF leads here):
 *   GET  /verify                 a form to check a PDF file
 *   GET  /verify/:documentId     the document's registration data and status
 *   POST /verify                 (multipart, field "file") the check of an uploaded PDF
 */
export function verifyPages(services: Services): Hono<AppEnv> {
  const { config, documents } = services;
  const org = config.org.shortName;
  const html = (title: string, children: Child) => VerifyPage({ orgName: org, title, children });
  const tooLarge = () => html("Проверка документа", <p>{TOO_LARGE}</p>);
  const limit = verifyBodyLimit((c) => c.html(tooLarge(), 413));

  return new Hono<AppEnv>()
    .get("/verify", (c) => {
      noStore(c);
      return c.html(
        html(
          "Проверка документа",
          <div class="card">
            <p>
              Загрузите PDF-документ, выданный {org}, чтобы проверить, что он подлинный, не изменён и
              действует.
            </p>
            <UploadForm />
          </div>,
        ),
      );
    })
    .get("/verify/:documentId", async (c) => {
      noStore(c);
      const record = await documents.get(c.req.param("documentId"));
      if (!record) {
        return c.html(
          html(
            "Документ не найден",
            <div class="card">
              <Verdict verdict="foreign" heading="Документ не выдавался колледжем">
                <p>Документ с таким идентификатором не выдавался {org}. Проверьте ссылку.</p>
              </Verdict>
              <UploadForm />
            </div>,
          ),
          404,
        );
      }
      return c.html(
        html(
          "Проверка документа",
          <>
            <RecordCard record={record} orgName={org} timeZone={config.timeZone} />
            <div class="card">
              <p>Чтобы убедиться, что ваш файл совпадает с выданным, загрузите его:</p>
              <UploadForm />
            </div>
          </>,
        ),
      );
    })
    .post("/verify", limit, async (c) => {
      noStore(c);
      const file = (await parseFormBody(c)).file;
      if (!(file instanceof File) || file.size === 0) {
        return c.html(
          html(
            "Проверка документа",
            <div class="card">
              <p role="alert">Выберите PDF-файл для проверки.</p>
              <UploadForm />
            </div>,
          ),
          400,
        );
      }
      if (file.size > MAX_VERIFY_BYTES) return c.html(tooLarge(), 413);
      const result = await documents.verifyBytes(new Uint8Array(await file.arrayBuffer()));
      return c.html(
        html(
          "Результат проверки",
          <>
            <ResultCard result={result} orgName={org} timeZone={config.timeZone} />
            <UploadForm />
          </>,
        ),
      );
    });
}
