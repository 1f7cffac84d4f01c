/**
 * A contact's custom fields as key/value rows: the name and the value are
 * each edited in place, a row has a remove button, "Add field" opens a row
 * with two inputs. Every change saves the whole set (PATCH replaces it).
 */
import type { TargetedKeyboardEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CustomFieldValue } from '../api/contacts';
import { InlineError } from './InlineError';
import { InlineField } from './InlineField';
import { InlineInput } from './InlineInput';
import { RemoveButton } from './RemoveButton';

/** The API's limits. */
export const MAX_FIELDS = 50;
export const MAX_KEY_LENGTH = 64;
export const MAX_VALUE_LENGTH = 1000;

type Fields = Record<string, CustomFieldValue>;

interface CustomFieldsProps {
  id: string;
  fields: Fields;
  /** Saves a change of the set (applied to the latest set); resolves with the error to show, or null once saved. */
  onSave: (update: (fields: Fields) => Fields) => Promise<string | null>;
}

/** The value typed for a field, keeping the field's type when the text still fits it. */
export function typedValue(text: string, previous: CustomFieldValue | undefined): CustomFieldValue {
  if (typeof previous === 'number' && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (typeof previous === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/** `fields` with `key` renamed to `next`, keeping the order. */
function renamed(fields: Fields, key: string, next: string): Fields {
  const out: Fields = {};
  for (const [k, v] of Object.entries(fields)) out[k === key ? next : k] = v;
  return out;
}

export function CustomFields({ id, fields, onSave }: CustomFieldsProps) {
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState(false);
  const [rowError, setRowError] = useState<string | null>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  const focusAdd = useRef(false);
  const entries = Object.entries(fields).sort(([a], [b]) => a.localeCompare(b));

  useEffect(() => {
    if (!focusAdd.current) return;
    focusAdd.current = false;
    addRef.current?.focus();
  });

  const remove = async (key: string) => {
    if (busy) return;
    setBusy(true);
    setRowError(null);
    try {
      const problem = await onSave((current) => {
        const next = { ...current };
        delete next[key];
        return next;
      });
      setRowError(problem);
      if (!problem) focusAdd.current = true;
    } finally {
      setBusy(false);
    }
  };

  const rename = async (key: string, next: string): Promise<string | null> => {
    if (!next) return 'Enter a name for the field.';
    if (next !== key && next in fields) return `There is already a field named “${next}”.`;
    return onSave((current) => renamed(current, key, next));
  };

  return (
    <div class="custom-fields">
      {entries.length > 0 ? (
        <ul class="kv-list" aria-label="Custom fields">
          {entries.map(([key, value], index) => (
            <li key={key} class="kv-row">
              <InlineField
                id={`${id}-key-${index}`}
                class="kv-key"
                label="Field name"
                editLabel={`Rename field ${key}`}
                value={key}
                maxLength={MAX_KEY_LENGTH}
                onSave={(next) => rename(key, next)}
              />
              <InlineField
                id={`${id}-value-${index}`}
                class="kv-value"
                label={`Value of ${key}`}
                editLabel={`Edit ${key}`}
                value={String(value)}
                emptyText="Empty"
                maxLength={MAX_VALUE_LENGTH}
                onSave={(next) => onSave((current) => ({ ...current, [key]: typedValue(next, current[key] ?? value) }))}
              />
              <RemoveButton class="ct-icon-button" name={`Remove field ${key}`} disabled={busy} onClick={() => void remove(key)} />
            </li>
          ))}
        </ul>
      ) : (
        !adding && <p class="muted contact-none">No custom fields.</p>
      )}
      <InlineError error={rowError} />
      {adding ? (
        <NewField
          id={`${id}-new`}
          fields={fields}
          onSave={onSave}
          onClose={() => {
            setAdding(false);
            focusAdd.current = true;
          }}
        />
      ) : (
        <button
          type="button"
          ref={addRef}
          class="link-button"
          disabled={entries.length >= MAX_FIELDS}
          onClick={() => {
            setRowError(null);
            setAdding(true);
          }}
        >
          Add field
        </button>
      )}
    </div>
  );
}

interface NewFieldProps {
  id: string;
  fields: Fields;
  onSave: (update: (fields: Fields) => Fields) => Promise<string | null>;
  onClose: () => void;
}

/** The row that adds a field: name and value; Enter saves, Escape cancels. */
function NewField({ id, fields, onSave, onClose }: NewFieldProps) {
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const keyRef = useRef<HTMLInputElement>(null);

  useEffect(() => keyRef.current?.focus(), []);

  const save = async () => {
    if (saving) return;
    const name = key.trim();
    if (!name) {
      setError('Enter a name for the field.');
      keyRef.current?.focus();
      return;
    }
    if (name in fields) {
      setError(`There is already a field named “${name}”.`);
      keyRef.current?.focus();
      return;
    }
    setSaving(true);
    setError(null);
    let problem: string | null;
    try {
      problem = await onSave((current) => ({ ...current, [name]: value.trim() }));
    } finally {
      setSaving(false);
    }
    if (problem) setError(problem);
    else onClose();
  };

  const onKeyDown = (event: TargetedKeyboardEvent<HTMLElement>) => {
    if (event.key === 'Enter' && (event.target as HTMLElement).tagName === 'INPUT') {
      event.preventDefault();
      void save();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      if (!saving) onClose();
    }
  };

  const errorId = `${id}-error`;
  return (
    <div class="kv-new" role="group" aria-label="New custom field" aria-busy={saving} onKeyDown={onKeyDown}>
      <InlineInput
        inputRef={keyRef}
        label="Field name"
        placeholder="Name"
        value={key}
        maxLength={MAX_KEY_LENGTH}
        saving={saving}
        errorId={error ? errorId : undefined}
        onInput={setKey}
      />
      <InlineInput label="Field value" placeholder="Value" value={value} maxLength={MAX_VALUE_LENGTH} saving={saving} onInput={setValue} />
      <div class="kv-new-actions">
        <button type="button" class="button ct-button-small button-primary" disabled={saving} onClick={() => void save()}>
          {saving ? 'Saving…' : 'Add'}
        </button>
        <button type="button" class="button ct-button-small" disabled={saving} onClick={onClose}>
          Cancel
        </button>
      </div>
      <InlineError id={errorId} error={error} />
    </div>
  );
}
