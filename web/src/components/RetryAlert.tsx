/** An alert that something did not load, with a Retry button after the text. */

interface RetryAlertProps {
  /** What did not load, e.g. "Chats didn't load: " (the server's `detail` follows). */
  text: string;
  /** The server's message, when there is one. */
  detail?: string | null;
  onRetry: () => void;
  class?: string;
}

/** "<text><detail> Retry": an alert paragraph whose button loads again. */
export function RetryAlert({ text, detail, onRetry, class: className }: RetryAlertProps) {
  return (
    <p class={className} role="alert">
      {text}
      {detail}{' '}
      <button type="button" class="link-button" onClick={onRetry}>
        Retry
      </button>
    </p>
  );
}
