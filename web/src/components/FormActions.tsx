/** A form's last row: an optional Cancel, the submit button (busy while saving) and the status region. */
import { FormStatus } from './FormStatus';

interface FormActionsProps {
  /** Whether the form is being saved: the button is disabled and says `busyLabel`. */
  saving: boolean;
  /** The submit button's text, e.g. "Save profile". */
  label: string;
  /** Its text while saving; "Saving…" when not given. */
  busyLabel?: string;
  /** The success message after the button; no status region at all when left out (undefined). */
  status?: string | null;
  /** Adds a Cancel button before the submit button. */
  onCancel?: () => void;
  /** The row ends a dialog (class dialog-actions). */
  dialog?: boolean;
}

/** The action row at the end of a form; the status region is announced politely (see FormStatus). */
export function FormActions({ saving, label, busyLabel = 'Saving…', status, onCancel, dialog }: FormActionsProps) {
  return (
    <div class={dialog ? 'form-actions dialog-actions' : 'form-actions'}>
      {onCancel && (
        <button type="button" class="button" onClick={onCancel}>
          Cancel
        </button>
      )}
      <button type="submit" class="button button-primary" disabled={saving} aria-busy={saving}>
        {saving ? busyLabel : label}
      </button>
      {status !== undefined && <FormStatus message={status} />}
    </div>
  );
}
