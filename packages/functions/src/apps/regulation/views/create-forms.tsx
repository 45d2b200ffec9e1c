import { CsrfField } from "../../../http/layout.js";

/** The administrator starts a new draft: from the service's template or from an edited text file. */
export function CreateForms(props: { csrf: string }) {
  return (
    <>
      <h2>Новая редакция</h2>
      <div class="card">
        <form method="post" action="/staff/regulations">
          <CsrfField token={props.csrf} />
          <input type="hidden" name="source" value="template" />
          <p>Создать проект из текста, который хранится в шаблонах сервиса (templates/regulation.md).</p>
          <button type="submit">Создать проект из шаблона</button>
        </form>
      </div>
      <div class="card">
        <form method="post" action="/staff/regulations" enctype="multipart/form-data">
          <CsrfField token={props.csrf} />
          <input type="hidden" name="source" value="upload" />
          <label for="f-text">
            Отредактированный текст{" "}
            <span class="hint">(скачайте «Текст (.md)» нужной редакции, измените и загрузите; UTF-8)</span>
          </label>
          <input id="f-text" type="file" name="text" accept=".md,.txt,text/plain,text/markdown" required />
          <label for="f-note">
            Что изменено <span class="hint">(необязательно)</span>
          </label>
          <input id="f-note" type="text" name="note" maxlength={500} />
          <p>
            <button type="submit">Создать проект из файла</button>
          </p>
        </form>
      </div>
    </>
  );
}
