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
