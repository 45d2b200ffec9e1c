/**
 * A GET search form (works without JavaScript): the query stays in the field, and «Сбросить»
 * goes back to the unfiltered page.
 */
export function SearchForm(props: { action: string; label: string; query?: string; found?: string }) {
  return (
    <search>
      <form method="get" action={props.action} class="card search">
        <label for="f-q">{props.label}</label>
        <div class="search-row">
          <input type="search" id="f-q" name="q" value={props.query ?? ""} maxlength={100} />
          <button type="submit">Найти</button>
        </div>
        {props.query && (
          <p class="hint" role="status">
            {props.found} <a href={props.action}>Сбросить поиск</a>
          </p>
        )}
      </form>
    </search>
  );
}
