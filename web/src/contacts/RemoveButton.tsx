/** The "×" button that removes one item of a contact (a tag, a custom field); its accessible name says which. */

interface RemoveButtonProps {
  /** The button's look: "ct-chip-remove" in a chip, "ct-icon-button" in a row. */
  class: string;
  /** The accessible name, e.g. "Remove tag vip". */
  name: string;
  disabled: boolean;
  onClick: () => void;
}

/** A "×" button; its accessible name says what it removes. */
export function RemoveButton({ class: className, name, disabled, onClick }: RemoveButtonProps) {
  return (
    <button type="button" class={className} aria-label={name} disabled={disabled} onClick={onClick}>
      ×
    </button>
  );
}
