/** A polite live region for a form's success message; stays in the DOM so it is announced. */
export function FormStatus({ message }: { message: string | null }) {
  return (
    <p class="form-status" role="status">
      {message}
    </p>
  );
}
