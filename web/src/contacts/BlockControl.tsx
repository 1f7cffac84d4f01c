/**
 * Block / Unblock a contact. Any agent may block (with an optional reason);
 * only supervisors and up may lift a block. Blocking stops new chats from the
 * contact; chats already open go on until someone ends them.
 */
import type { TargetedEvent, TargetedKeyboardEvent, TargetedSubmitEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { blockContact, unblockContact, type Contact } from '../api/contacts';
import type { Role } from '../api/types';
import { canUnblock } from './access';
import { errorFor } from './format';
import { InlineError } from './InlineError';

/** Most characters of a block reason (the blacklist's limit). */
export const MAX_REASON_LENGTH = 250;

interface BlockControlProps {
  id: string;
  contact: Contact;
  role: Role | null;
  onChange: (contact: Contact) => void;
}

export function BlockControl({ id, contact, role, onChange }: BlockControlProps) {
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const focusTarget = useRef<string | null>(null);

  // Keep keyboard focus on the control that replaced the one just used.
  useEffect(() => {
    const selector = focusTarget.current;
    if (!selector) return;
    focusTarget.current = null;
    rootRef.current?.querySelector<HTMLElement>(selector)?.focus();
  });

  const run = async (action: () => Promise<Contact>, done: string) => {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const updated = await action();
      onChange(updated);
      setConfirming(false);
      setReason('');
      setStatus(done);
      focusTarget.current = '[data-block-action]';
    } catch (err) {
      setError(errorFor(err, 'reason'));
    } finally {
      setBusy(false);
    }
  };

  const block = (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    void run(
      () => blockContact(contact.id, reason.trim() || undefined),
      'Contact blocked. They cannot start new chats; a chat already open goes on until it is ended.',
    );
  };

  const cancel = () => {
    setConfirming(false);
    setReason('');
    setError(null);
    focusTarget.current = '[data-block-action]';
  };

  const onFormKeyDown = (event: TargetedKeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Escape' && !busy) {
      event.preventDefault();
      event.stopPropagation();
      cancel();
    }
  };

  const reasonId = `${id}-reason`;
  return (
    <div class="block-control" ref={rootRef}>
      {contact.blocked ? (
        canUnblock(role) ? (
          <button
            type="button"
            class="button ct-button-small"
            data-block-action
            disabled={busy}
            aria-busy={busy}
            onClick={() => void run(() => unblockContact(contact.id), 'Contact unblocked. They can start chats again.')}
          >
            {busy ? 'Unblocking…' : 'Unblock'}
          </button>
        ) : (
          <p class="muted block-note" data-block-action tabIndex={-1}>
            Only supervisors can unblock a contact.
          </p>
        )
      ) : confirming ? (
        <form class="block-form" aria-label="Block contact" onSubmit={block} onKeyDown={onFormKeyDown}>
          <label for={reasonId}>Reason (optional)</label>
          <textarea
            id={reasonId}
            rows={2}
            maxLength={MAX_REASON_LENGTH}
            value={reason}
            readOnly={busy}
            onInput={(e: TargetedEvent<HTMLTextAreaElement>) => setReason(e.currentTarget.value)}
            ref={(el) => {
              // Focus the reason once, when the form opens.
              if (el && !el.dataset.opened) {
                el.dataset.opened = '1';
                el.focus();
              }
            }}
          />
          <p class="field-hint">Blocking stops new chats from this contact. A chat already open goes on until it is ended.</p>
          <div class="form-actions">
            <button type="submit" class="button ct-button-small ct-button-danger" disabled={busy} aria-busy={busy}>
              {busy ? 'Blocking…' : 'Block'}
            </button>
            <button type="button" class="button ct-button-small" disabled={busy} onClick={cancel}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button
          type="button"
          class="button ct-button-small"
          data-block-action
          onClick={() => {
            setStatus(null);
            setConfirming(true);
          }}
        >
          Block contact
        </button>
      )}
      <InlineError error={error} />
      <p class="form-status block-status" role="status">
        {status}
      </p>
    </div>
  );
}
