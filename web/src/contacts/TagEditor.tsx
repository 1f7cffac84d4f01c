/** A contact's tags as chips: Enter in the input adds one, each chip has a remove button. */
import type { TargetedKeyboardEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { InlineError } from './InlineError';
import { InlineInput } from './InlineInput';
import { RemoveButton } from './RemoveButton';

/** Most tags a contact may have, and most characters per tag (the API's limits). */
export const MAX_TAGS = 50;
export const MAX_TAG_LENGTH = 50;

interface TagEditorProps {
  id: string;
  tags: string[];
  /** Saves a change of the list (applied to the latest list); resolves with the error to show, or null once saved. */
  onSave: (update: (tags: string[]) => string[]) => Promise<string | null>;
}

export function TagEditor({ id, tags, onSave }: TagEditorProps) {
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const focusNext = useRef<number | 'input' | null>(null);

  // After a removal, focus the chip that took the removed one's place (or the input).
  useEffect(() => {
    const target = focusNext.current;
    if (target === null) return;
    focusNext.current = null;
    const buttons = listRef.current?.querySelectorAll<HTMLButtonElement>('button') ?? [];
    if (target !== 'input' && buttons.length > 0) buttons[Math.min(target, buttons.length - 1)].focus();
    else inputRef.current?.focus();
  });

  const save = async (next: (tags: string[]) => string[]): Promise<boolean> => {
    setSaving(true);
    setError(null);
    try {
      const problem = await onSave(next);
      setError(problem);
      return problem === null;
    } finally {
      setSaving(false);
    }
  };

  const add = async () => {
    const tag = draft.trim().toLowerCase();
    if (!tag || saving) return;
    if (tags.includes(tag)) {
      setError(`The contact already has the tag “${tag}”.`);
      return;
    }
    if (tags.length >= MAX_TAGS) {
      setError(`A contact can have at most ${MAX_TAGS} tags.`);
      return;
    }
    if (await save((current) => (current.includes(tag) ? current : [...current, tag]))) setDraft('');
  };

  const remove = async (index: number) => {
    if (saving) return;
    const tag = tags[index];
    if (await save((current) => current.filter((t) => t !== tag))) focusNext.current = tags.length > 1 ? index : 'input';
  };

  const onKeyDown = (event: TargetedKeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void add();
    } else if (event.key === 'Escape' && (draft || error)) {
      event.preventDefault();
      event.stopPropagation();
      setDraft('');
      setError(null);
    }
  };

  const inputId = `${id}-input`;
  const errorId = `${id}-error`;
  return (
    <div class="tag-editor" aria-busy={saving}>
      {tags.length > 0 ? (
        <ul class="ct-chips" aria-label="Tags" ref={listRef}>
          {tags.map((tag, index) => (
            <li key={tag} class="ct-chip">
              <span>{tag}</span>
              <RemoveButton class="ct-chip-remove" name={`Remove tag ${tag}`} disabled={saving} onClick={() => void remove(index)} />
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted contact-none">No tags.</p>
      )}
      <div class="tag-add">
        <label class="sr-only" for={inputId}>
          Add tag
        </label>
        <InlineInput
          id={inputId}
          inputRef={inputRef}
          placeholder="Add a tag and press Enter"
          value={draft}
          maxLength={MAX_TAG_LENGTH}
          saving={saving}
          errorId={error ? errorId : undefined}
          onInput={setDraft}
          onKeyDown={onKeyDown}
        />
      </div>
      <InlineError id={errorId} error={error} />
    </div>
  );
}
