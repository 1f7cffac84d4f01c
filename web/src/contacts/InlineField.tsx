/**
 * A value edited in place: a button showing the value; clicking it (or Enter
 * / Space on it) turns it into an input. Enter or leaving the input saves,
 * Escape cancels. A failed save keeps the input open with the server's
 * message under it.
 */
import type { TargetedEvent, TargetedKeyboardEvent } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { InlineError } from './InlineError';

export interface InlineFieldProps {
  /** Base of the element ids; unique on the page. */
  id: string;
  /** What the value is, e.g. "Email". */
  label: string;
  /** The saved value ("" when not set). */
  value: string;
  /** Saves the edited (trimmed) value; resolves with the error to show, or null once saved. */
  onSave: (value: string) => Promise<string | null>;
  type?: 'text' | 'email' | 'tel';
  maxLength?: number;
  /** Shown instead of an empty value. */
  emptyText?: string;
  /** Start of the button's accessible name; defaults to "Edit <label>". */
  editLabel?: string;
  /** Suggestions offered while editing (a datalist). */
  suggestions?: string[];
  autoComplete?: string;
  class?: string;
}

export function InlineField({
  id,
  label,
  value,
  onSave,
  type = 'text',
  maxLength,
  emptyText = 'Not set',
  editLabel,
  suggestions,
  autoComplete = 'off',
  class: className,
}: InlineFieldProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  // Refs, not state: blur fires synchronously in the middle of the same event turn.
  const busy = useRef(false);
  const open = useRef(false);
  const failedDraft = useRef<string | null>(null);
  const focusAfter = useRef<'input' | 'button' | null>(null);

  useLayoutEffect(() => {
    const target = focusAfter.current === 'input' ? inputRef.current : focusAfter.current === 'button' ? buttonRef.current : null;
    focusAfter.current = null;
    target?.focus();
  });

  const start = () => {
    open.current = true;
    failedDraft.current = null;
    setDraft(value);
    setError(null);
    setEditing(true);
    focusAfter.current = 'input';
  };

  const close = (refocus: boolean) => {
    open.current = false;
    setEditing(false);
    setError(null);
    if (refocus) focusAfter.current = 'button';
  };

  const commit = async (refocus: boolean) => {
    if (busy.current || !open.current) return;
    const next = draft.trim();
    if (next === value.trim()) {
      close(refocus);
      return;
    }
    // Leaving the input again without a change does not resend what just failed.
    if (!refocus && failedDraft.current === draft) return;
    busy.current = true;
    setSaving(true);
    let problem: string | null;
    try {
      problem = await onSave(next);
    } finally {
      busy.current = false;
      setSaving(false);
    }
    if (problem) {
      failedDraft.current = draft;
      setError(problem);
      if (refocus) focusAfter.current = 'input';
    } else {
      close(refocus || document.activeElement === inputRef.current || document.activeElement === document.body);
    }
  };

  const onKeyDown = (event: TargetedKeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void commit(true);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      if (busy.current) return;
      close(true);
    }
  };

  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const listId = suggestions?.length ? `${id}-suggestions` : undefined;

  if (!editing) {
    return (
      <div class={`inline-field ${className ?? ''}`}>
        <button
          type="button"
          ref={buttonRef}
          id={id}
          class="inline-value"
          aria-label={`${editLabel ?? `Edit ${label}`}, ${value || emptyText}`}
          onClick={start}
        >
          {value ? <span class="inline-text">{value}</span> : <span class="inline-empty">{emptyText}</span>}
          <span class="inline-pencil" aria-hidden="true">
            ✎
          </span>
        </button>
      </div>
    );
  }

  return (
    <div class={`inline-field inline-editing ${className ?? ''}`}>
      <input
        ref={inputRef}
        id={id}
        class="inline-input"
        // Preact types <input> as a union per `type`; a prop union needs the cast.
        type={type as 'text'}
        value={draft}
        maxLength={maxLength}
        list={listId}
        autoComplete={autoComplete}
        aria-label={label}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${errorId} ${hintId}` : hintId}
        aria-busy={saving}
        readOnly={saving}
        onInput={(e: TargetedEvent<HTMLInputElement>) => setDraft(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        onBlur={() => void commit(false)}
      />
      {listId && (
        <datalist id={listId}>
          {suggestions!.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      )}
      <span id={hintId} class="sr-only">
        Enter saves, Escape cancels.
      </span>
      {saving && (
        <span class="inline-saving" role="status">
          Saving…
        </span>
      )}
      <InlineError id={errorId} error={error} />
    </div>
  );
}
