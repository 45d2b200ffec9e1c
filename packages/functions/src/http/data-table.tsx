import type { Child } from "hono/jsx";

export interface Column<R> {
  header: Child;
  cell: (row: R) => Child;
  /** The row's own header (`th scope="row"`): screen readers announce each cell with it. */
  rowHeader?: boolean;
  headerClass?: string;
  cellClass?: string;
  /** The cell's label on a narrow screen in the card layout (defaults to a string header). */
  label?: string;
}

export interface DataTableProps<R> {
  rows: readonly R[];
  /** `false` leaves a column out (one the signed-in person's role does not see). */
  columns: ReadonlyArray<Column<R> | false>;
  /** A caption for screen readers only (the page's heading already names the table). */
  caption?: string;
  /** Shown instead of the table when there are no rows (nothing by default). */
  empty?: Child;
  rowId?: (row: R) => string;
  rowClass?: (row: R) => string | undefined;
  /**
   * On a narrow screen each row becomes a card with every cell labelled (CSS only, see
   * `.cards` in styles.ts): a wide table inside a phone-sized box hides its right-hand columns.
   */
  cards?: boolean;
}

const labelOf = <R,>(col: Column<R>) =>
  col.label ?? (typeof col.header === "string" ? col.header : undefined);

/** The staff pages' table: scrolls sideways on a phone, column headers scoped for screen readers. */
export function DataTable<R>(props: DataTableProps<R>) {
  if (props.rows.length === 0) return <>{props.empty ?? null}</>;
  const columns = props.columns.filter((c): c is Column<R> => c !== false);
  return (
    <div class="table-wrap">
      <table class={props.cards ? "cards" : undefined}>
        {props.caption && <caption class="sr-only">{props.caption}</caption>}
        <thead>
          <tr>
            {columns.map((col) => (
              <th scope="col" class={col.headerClass}>
                {col.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr id={props.rowId?.(row)} class={props.rowClass?.(row)}>
              {columns.map((col) =>
                col.rowHeader ? (
                  <th scope="row" class={col.cellClass}>
                    {col.cell(row)}
                  </th>
                ) : (
                  <td class={col.cellClass} data-label={props.cards ? labelOf(col) : undefined}>
                    {col.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
