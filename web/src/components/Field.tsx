/** A labelled text input with an optional hint and an inline validation error. */
import type { Ref, TargetedEvent } from 'preact';

interface FieldProps {
  id: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'tel';
  value: string;
  onInput: (value: string) => void;
  error?: string | null;
  hint?: string;
  autoComplete?: string;
  inputRef?: Ref<HTMLInputElement>;
  disabled?: boolean;
}

export function Field({ id, label, type = 'text', value, onInput, error, hint, autoComplete, inputRef, disabled }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint && (
        <p class="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      <input
        id={id}
        name={id}
        // Preact types <input> as a union per `type`; a prop union needs the cast.
        type={type as 'text'}
        value={value}
        ref={inputRef}
        disabled={disabled}
        autoComplete={autoComplete}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
        onInput={(e: TargetedEvent<HTMLInputElement>) => onInput(e.currentTarget.value)}
      />
      {error && (
        <p class="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
