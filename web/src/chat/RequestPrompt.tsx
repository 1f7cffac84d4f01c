/**
 * A request waiting for my answer (a transfer or an offer) with Accept and
 * Reject, and a live countdown to its expiry.
 */
import { useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { useNow } from './live';
import { type RequestKind, formatCountdown, spokenCountdown } from './requests';

interface RequestPromptProps {
  kind: RequestKind;
  /** Who the chat is with, when known. */
  contactName?: string;
  /** Who asks (transfers), when known. */
  fromName?: string;
  /** Epoch ms; null when unknown (no countdown). */
  expiresAt: number | null;
  onAnswer: (accept: boolean) => Promise<void>;
}

export function RequestPrompt({ kind, contactName, fromName, expiresAt, onAnswer }: RequestPromptProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const now = useNow(expiresAt !== null);
  const left = expiresAt === null ? null : expiresAt - now;
  const expired = left !== null && left <= 0;
  const label = kind === 'transfer' ? 'Transfer request' : 'Chat offer';
  const who = contactName ? ` with ${contactName}` : '';
  const text =
    kind === 'transfer'
      ? `${fromName ?? 'A teammate'} asks you to take over this chat${who}.`
      : `This chat${who} is offered to you.`;

  const answer = async (accept: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await onAnswer(accept);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Something went wrong.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="request-prompt" aria-label={label} data-kind={kind}>
      <p class="request-text">
        <strong>{label}:</strong> {text}
      </p>
      {left !== null && (
        <p class="request-countdown">
          {expired ? (
            'Expired'
          ) : (
            <>
              Expires in{' '}
              <span role="timer" aria-label={`${spokenCountdown(left)} left`} class="countdown">
                {formatCountdown(left)}
              </span>
            </>
          )}
        </p>
      )}
      <div class="request-actions">
        <button type="button" class="button button-primary" disabled={busy || expired} onClick={() => void answer(true)}>
          Accept
        </button>
        <button type="button" class="button" disabled={busy || expired} onClick={() => void answer(false)}>
          Reject
        </button>
      </div>
      {error && (
        <p class="request-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
