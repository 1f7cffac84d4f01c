/** A small button acting on one row of a list (a table row or a card): "Edit", "Delete"… */

interface RowButtonProps {
  /** The visible text, e.g. "Delete". */
  label: string;
  /** The accessible name, saying which row, e.g. "Delete Sales". */
  name: string;
  /** A destructive action (it asks before it acts): outlined in red. */
  danger?: boolean;
  onClick: () => void;
}

/** A small button acting on one row; `danger` outlines it in red. */
export function RowButton({ label, name, danger, onClick }: RowButtonProps) {
  return (
    <button type="button" class={danger ? 'button button-small button-danger-outline' : 'button button-small'} aria-label={name} onClick={onClick}>
      {label}
    </button>
  );
}
