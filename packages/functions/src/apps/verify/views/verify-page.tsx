import type { Child } from "hono/jsx";
import { Layout, page } from "../../../http/layout.js";
import { VERIFY_CSS } from "./details.js";

/** A public verification page: no navigation, no personal data. */
export function VerifyPage(props: { orgName: string; title: string; children?: Child }) {
  return page(
    <Layout title={`${props.title} — Согласие`} orgName={props.orgName} narrow>
      <style dangerouslySetInnerHTML={{ __html: VERIFY_CSS }} />
      <h1>{props.title}</h1>
      {props.children}
    </Layout>,
  );
}

export function UploadForm() {
  return (
    <form method="post" action="/verify" enctype="multipart/form-data">
      <label for="f-file">Проверить файл PDF (до 20 МБ)</label>
      <input id="f-file" type="file" name="file" accept="application/pdf,.pdf" required />
      <p>
        <button type="submit">Проверить</button>
      </p>
    </form>
  );
}
