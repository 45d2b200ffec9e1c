import type { ProtocolUploadForm } from "@soglasie/core/council/protocol-upload";
import { FieldError } from "../../../http/layout.js";

/**
 * Step 1 of the direct path: the file goes from the browser straight to S3 (a plain HTML form, no
 * script needed); S3 then redirects back to this page with the object's key.
 */
export function UploadForm(props: { form: ProtocolUploadForm; fields?: Record<string, string[]> }) {
  return (
    <form method="post" action={props.form.url} enctype="multipart/form-data">
      {Object.entries(props.form.fields).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <label for="f-protocol">
        Шаг 1. Скан подписанного протокола <span class="hint">(PDF, не более 20 МБ)</span>
      </label>
      {/* S3 takes the file from the last field, named "file". */}
      <input id="f-protocol" type="file" name="file" accept="application/pdf,.pdf" required />
      <FieldError name="protocol" fields={props.fields} />
      <p>
        <button type="submit">Загрузить скан</button>
      </p>
    </form>
  );
}
