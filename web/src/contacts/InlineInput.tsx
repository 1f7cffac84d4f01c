/** The small text input of the contact screens' in-place editors (a new tag, a new custom field): read-only while saving. */
import type { Ref, TargetedEvent, TargetedKeyboardEvent } from 'preact';

interface InlineInputProps {
  id?: string;
  inputRef?: Ref<HTMLInputElement>;
  /** The accessible name, when no `<label>` names the input. */
  label?: string;
  placeholder: string;
  value: string;
  maxLength: number;
  /** A save is under way: the text cannot be changed. */
  saving: boolean;
  /** The id of the error under the input, while it shows one: the input is marked invalid and described by it. */
  errorId?: string;
  onInput: (value: string) => void;
  onKeyDown?: (event: TargetedKeyboardEvent<HTMLInputElement>) => void;
}

/** A text input of an in-place editor, without autocomplete. */
export function InlineInput({ id, inputRef, label, placeholder, value, maxLength, saving, errorId, onInput, onKeyDown }: InlineInputProps) {
  return (
    <input
      id={id}
      ref={inputRef}
      class="inline-input"
      type="text"
      aria-label={label}
      placeholder={placeholder}
      value={value}
      maxLength={maxLength}
      autoComplete="off"
      readOnly={saving}
      aria-invalid={errorId ? 'true' : undefined}
      aria-describedby={errorId}
      onInput={(e: TargetedEvent<HTMLInputElement>) => onInput(e.currentTarget.value)}
      onKeyDown={onKeyDown}
    />
  );
}
