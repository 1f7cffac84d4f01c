/** Reading API errors in the management forms. */
import { ApiError } from '../api/client';

/** The per-field messages of a validation error, or {} for any other error. */
export function fieldErrors(err: unknown): Record<string, string> {
  return err instanceof ApiError ? { ...err.fields } : {};
}

/** The message to show for a failed action: "<failure>: <server message>" or "<failure>.". */
export function failureMessage(failure: string, err: unknown): string {
  return err instanceof ApiError ? `${failure}: ${err.message}` : `${failure}.`;
}

/** Whether `err` is an API error with this code (e.g. `already_invited`). */
export function hasCode(err: unknown, ...codes: string[]): err is ApiError {
  return err instanceof ApiError && codes.includes(err.code);
}

/** How `showFieldErrors` reads a failure. */
export interface FieldErrorOptions {
  /** Error codes whose message belongs under one field, e.g. `{ field: 'name', codes: ['team_name_taken'] }`. */
  conflict?: { field: string; codes: string[] };
  /** Only this field's server message counts; a failure without it goes to the alert. */
  only?: string;
  /** Rewrites a field's server message before it is shown. */
  rewrite?: (field: string, message: string) => string;
}

/**
 * A `useSubmit` `handle` that shows a failed save under the form's fields:
 * a conflict's message under its field, else the server's per-field
 * messages. It returns false (the form shows the alert) when none applies.
 */
export function showFieldErrors(
  setErrors: (errors: Record<string, string>) => void,
  { conflict, only, rewrite }: FieldErrorOptions = {},
): (err: unknown) => boolean {
  return (err) => {
    if (conflict && hasCode(err, ...conflict.codes)) {
      setErrors({ [conflict.field]: err.message });
      return true;
    }
    const fields = fieldErrors(err);
    if (only !== undefined) {
      if (!fields[only]) return false;
      setErrors({ [only]: fields[only] });
      return true;
    }
    if (Object.keys(fields).length === 0) return false;
    setErrors(rewrite ? Object.fromEntries(Object.entries(fields).map(([field, message]) => [field, rewrite(field, message)])) : fields);
    return true;
  };
}
