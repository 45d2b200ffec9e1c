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

/** A summary of field errors at the top of a form, linked to the fields. */
export function ErrorSummary(props: { message?: string; fields?: Record<string, string[]> }) {
  if (!props.message && !props.fields) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1}>
      <strong>{props.message ?? "Проверьте заполнение полей"}</strong>
      {props.fields && Object.keys(props.fields).length > 0 && (
        <ul>
          {Object.entries(props.fields).map(([field, messages]) => (
            <li>
              <a href={`#f-${field}`}>{messages.join("; ")}</a>
            </li>
          ))}
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
