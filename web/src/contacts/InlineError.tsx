/** The error under an in-place control of the contact screens, announced at once; nothing when there is none. */

interface InlineErrorProps {
  /** Its id, for the control's aria-describedby. */
  id?: string;
  error: string | null;
}

/** The error paragraph (role alert), or nothing when `error` is null. */
export function InlineError({ id, error }: InlineErrorProps) {
  return error ? (
    <p class="field-error" id={id} role="alert">
      {error}
    </p>
  ) : null;
}
