import type { Child } from "hono/jsx";
import { defaultMessage } from "./messages.js";
import { CSS } from "./styles.js";

export interface LayoutProps {
  title: string;
  children?: Child;
  /** Staff navigation: shown only to signed-in staff. */
  nav?: Array<{ href: string; label: string }>;
  orgName?: string;
  narrow?: boolean;
  csrfToken?: string;
  /** The session's CSRF token: shows «Выйти», a POST form (signing out is not a link a page can trigger). */
  signOutCsrf?: string;
}

/** The page shell shared by staff and parent pages. Works without JavaScript. */
export function Layout(props: LayoutProps) {
  return (
    <html lang="ru">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{props.title}</title>
        {/* Raw: JSX would escape the quotes of font names into &quot;, which CSS does not decode. */}
        <style dangerouslySetInnerHTML={{ __html: CSS }} />
      </head>
      <body>
        <header class="top">
          <div class="org">{props.orgName ?? "Согласие"}</div>
          {props.nav && props.nav.length > 0 && (
            <nav aria-label="Разделы">
              {props.nav.map((n) => (
                <a href={n.href}>{n.label}</a>
              ))}
              {props.signOutCsrf && <SignOutForm csrf={props.signOutCsrf} />}
            </nav>
          )}
        </header>
        <main class={props.narrow ? "narrow" : undefined} id="main">
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** «Выйти»: a POST with the session's CSRF token, styled as the navigation's links. */
export function SignOutForm(props: { csrf: string; label?: string; block?: boolean }) {
  return (
    <form method="post" action="/logout" class={props.block ? undefined : "sign-out"}>
      <input type="hidden" name="_csrf" value={props.csrf} />
      <button type="submit" class={props.block ? "block" : "link"}>
        {props.label ?? "Выйти"}
      </button>
    </form>
  );
}

/** Hidden CSRF field for staff forms. */
export const CsrfField = (props: { token: string }) => (
  <input type="hidden" name="_csrf" value={props.token} />
);

/** The one-line notice of a page after a redirect (`?done=…`). */
export function DoneNotice(props: { text?: string }) {
  return props.text ? (
    <div class="notice ok" role="status">
      {props.text}
    </div>
  ) : null;
}

/**
 * «Ошибка: » before a page's title when the page answers a refused submission: the browser tab and
 * a screen reader's first words say that something went wrong (WCAG 3.3.1).
 */
export const errorTitle = (title: string, failed: boolean) => (failed ? `Ошибка: ${title}` : title);

/** «Серия паспорта — …» after a label: lower-case, unless the word is an abbreviation («СНИЛС»). */
function afterLabel(message: string): string {
  const [first, second] = [...message];
  if (!first || !second || second !== second.toLocaleLowerCase("ru-RU")) return message;
  return first.toLocaleLowerCase("ru-RU") + message.slice(first.length);
}

/**
 * A summary of field errors at the top of a form, linked to the fields. With `id`, it is the target
 * of the form's action fragment (`action="…#errors"`): after a refused submit the browser lands on it,
 * and `autofocus` moves the focus there, without JavaScript. With `label`, each entry names its field.
 */
export function ErrorSummary(props: {
  message?: string;
  fields?: Record<string, string[]>;
  id?: string;
  label?: (field: string) => string | undefined;
}) {
  if (!props.message && !props.fields) return null;
  const titleId = props.id ? `${props.id}-title` : undefined;
  return (
    <div
      class="error-summary"
      role="alert"
      tabindex={-1}
      id={props.id}
      autofocus={props.id ? true : undefined}
      aria-labelledby={titleId}
    >
      <strong id={titleId}>{props.message ?? "Проверьте заполнение полей"}</strong>
      {props.fields && Object.keys(props.fields).length > 0 && (
        <ul>
          {Object.entries(props.fields).map(([field, messages]) => {
            const label = props.label?.(field);
            const text = messages.join("; ");
            return (
              <li>
                <a href={`#f-${field}`}>{label ? `${label}: ${afterLabel(text)}` : text}</a>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

export function FieldError(props: { name: string; fields?: Record<string, string[]> }) {
  const messages = props.fields?.[props.name];
  if (!messages?.length) return null;
  return (
    <p class="field-error" id={`e-${props.name}`}>
      {messages.join("; ")}
    </p>
  );
}

export function ErrorPage(props: {
  status: number;
  message: string;
  fields?: Record<string, string[]>;
  signedIn: boolean;
}) {
  return (
    "<!doctype html>" +
    (
      <Layout title={`${defaultMessage(props.status)} — Согласие`} narrow>
        <h1>{defaultMessage(props.status)}</h1>
        <div class="card">
          <p>{props.message}</p>
          {props.fields && <ErrorSummary fields={props.fields} />}
          <p>
            <a href={props.signedIn ? "/staff" : "/"}>На главную</a>
          </p>
        </div>
      </Layout>
    ).toString()
  );
}

/** Renders a full page with the doctype. */
export const page = (node: unknown) => `<!doctype html>${String(node)}`;
