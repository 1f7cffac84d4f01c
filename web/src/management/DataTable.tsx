/**
 * A management list as a table: a header row (with a visually hidden
 * "Actions" column when the rows have buttons) and a row per item, or a
 * short text instead when there are no items.
 */
import type { ComponentChildren } from 'preact';

interface DataTableProps<T> {
  /** The header of each column but the actions column. */
  columns: string[];
  /** Adds the last column, for the row buttons. */
  actions?: boolean;
  /** The table's name as a hidden caption… */
  caption?: string;
  /** …or the id of the heading that names it. */
  labelledBy?: string;
  rows: T[];
  /** The `<tr>` of one item. */
  children: (row: T) => ComponentChildren;
  /** Shown (as a muted paragraph) instead of the table when there are no rows; without it an empty table shows. */
  empty?: string;
}

/** A list as a table, or `empty` when there is nothing to list. */
export function DataTable<T>({ columns, actions, caption, labelledBy, rows, children, empty }: DataTableProps<T>) {
  if (empty !== undefined && rows.length === 0) return <p class="muted">{empty}</p>;
  return (
    <div class="table-wrap">
      <table class="table" aria-labelledby={labelledBy}>
        {caption && <caption class="sr-only">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
            {actions && (
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>{rows.map(children)}</tbody>
      </table>
    </div>
  );
}
