/**
 * A live region for errors. It stays in the DOM while empty so screen readers
 * announce a message as soon as it appears.
 */
interface AlertProps {
  message: string | null;
  id?: string;
}

export function Alert({ message, id }: AlertProps) {
  return (
    <div id={id} role="alert" class={message ? 'alert' : 'alert alert-empty'}>
      {message}
    </div>
  );
}
