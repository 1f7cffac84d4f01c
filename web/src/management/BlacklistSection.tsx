/**
 * Blacklist: visitors blocked organisation-wide by contact id, email, phone
 * or IP address. Every member adds entries; supervisors and up remove them.
 */
import { useState } from 'preact/hooks';
import {
  addBlacklistEntry,
  type BlacklistEntry,
  type BlacklistKind,
  listBlacklist,
  listOrgMembers,
  removeBlacklistEntry,
} from '../api/management';
import { Alert } from '../components/Alert';
import { Field } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { FormStatus } from '../components/FormStatus';
import { ResourceView } from '../components/ResourceView';
import { formatDateTime } from '../format';
import { useSubmit } from '../hooks';
import { E164_PATTERN, normalizePhone } from '../validation';
import { DataTable } from './DataTable';
import { ConfirmDialog } from './Dialog';
import { showFieldErrors } from './errors';
import { SelectField, TextAreaField, useFormErrors } from './fields';
import { atLeast } from './roles';
import { RowButton } from './RowButton';
import type { SectionProps } from './types';
import { useData } from './useData';

const KINDS: { value: BlacklistKind; label: string; hint: string }[] = [
  { value: 'email', label: 'Email address', hint: 'e.g. spammer@example.com' },
  { value: 'phone', label: 'Phone number', hint: 'International form, e.g. +14155550100.' },
  { value: 'ip', label: 'IP address', hint: 'One IPv4 or IPv6 address, e.g. 203.0.113.7 (no ranges).' },
  { value: 'contact', label: 'Contact id', hint: "The contact's id, from their contact page." },
];

const KIND_LABELS = Object.fromEntries(KINDS.map((k) => [k.value, k.label])) as Record<BlacklistKind, string>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const MAX_REASON = 250;

/** The value to send for a kind (phones without separators), or an error. */
export function readBlacklistValue(kind: BlacklistKind, raw: string): { value: string } | { error: string } {
  const value = kind === 'phone' ? normalizePhone(raw.trim()) : raw.trim();
  if (!value) return { error: 'Enter what to block.' };
  if (kind === 'email' && !EMAIL.test(value)) return { error: 'Enter a valid email address, like name@example.com.' };
  if (kind === 'phone' && !E164_PATTERN.test(value)) return { error: 'Enter the number in international form, e.g. +14155550100.' };
  if (kind === 'contact' && !UUID.test(value)) return { error: 'Enter a contact id (a UUID).' };
  return { value };
}

async function loadBlacklist(signal: AbortSignal) {
  const [entries, members] = await Promise.all([listBlacklist(signal), listOrgMembers(signal).catch(() => [])]);
  return { entries, names: Object.fromEntries(members.map((m) => [m.user_id, m.name])) as Record<string, string> };
}

export function BlacklistSection({ role }: SectionProps) {
  const { resource, reload, update } = useData(loadBlacklist);
  const [removing, setRemoving] = useState<BlacklistEntry | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const canRemove = atLeast(role, 'supervisor');
  return (
    <>
      <p class="muted">Blocked visitors cannot start new chats; chats already open go on until they are ended.</p>
      <AddEntryForm onAdded={(entry) => update((d) => ({ ...d, entries: [entry, ...d.entries] }))} />
      <h2 id="blacklist-title">Blocked visitors</h2>
      <FormStatus message={status} />
      <ResourceView resource={resource} reload={reload} what="the blacklist">
        {({ entries, names }) => (
          <DataTable
            labelledBy="blacklist-title"
            columns={['Kind', 'Value', 'Reason', 'Added by', 'Added']}
            actions={canRemove}
            rows={entries}
            empty="Nobody is blocked."
          >
            {(entry) => (
              <tr key={entry.id}>
                <td>{KIND_LABELS[entry.kind] ?? entry.kind}</td>
                <td class="cell-break">{entry.value}</td>
                <td class="cell-text">{entry.reason || '—'}</td>
                <td>{entry.created_by ? (names[entry.created_by] ?? 'A former member') : '—'}</td>
                <td>{formatDateTime(entry.created_at)}</td>
                {canRemove && (
                  <td class="actions">
                    <RowButton label="Unblock" name={`Unblock ${entry.value}`} danger onClick={() => setRemoving(entry)} />
                  </td>
                )}
              </tr>
            )}
          </DataTable>
        )}
      </ResourceView>
      {removing && (
        <ConfirmDialog
          title={`Unblock ${removing.value}?`}
          confirmLabel="Unblock"
          failure="Could not unblock"
          onConfirm={async () => {
            await removeBlacklistEntry(removing.id);
            update((d) => ({ ...d, entries: d.entries.filter((e) => e.id !== removing.id) }));
            setStatus(`${removing.value} was unblocked.`);
          }}
          onClose={() => setRemoving(null)}
        >
          <p>They can start chats again.</p>
        </ConfirmDialog>
      )}
    </>
  );
}

function AddEntryForm({ onAdded }: { onAdded: (entry: BlacklistEntry) => void }) {
  const [kind, setKind] = useState<BlacklistKind>('email');
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const { errors, setErrors, formRef } = useFormErrors();

  const { saving, error, status, onSubmit } = useSubmit({
    failure: 'Could not block',
    check: () => {
      const found: Record<string, string> = {};
      const read = readBlacklistValue(kind, value);
      if ('error' in read) found.value = read.error;
      if ([...reason.trim()].length > MAX_REASON) found.reason = `Use at most ${MAX_REASON} characters.`;
      setErrors(found);
      return Object.keys(found).length === 0;
    },
    save: async () => {
      const read = readBlacklistValue(kind, value);
      if ('error' in read) return '';
      const trimmed = reason.trim();
      const entry = await addBlacklistEntry(trimmed ? { kind, value: read.value, reason: trimmed } : { kind, value: read.value });
      onAdded(entry);
      setValue('');
      setReason('');
      return `${entry.value} is blocked.`;
    },
    handle: showFieldErrors(setErrors, { conflict: { field: 'value', codes: ['already_blocked'] } }),
  });

  const kindInfo = KINDS.find((k) => k.value === kind)!;
  return (
    <form ref={formRef} class="stack form-narrow panel" onSubmit={onSubmit} noValidate aria-labelledby="blacklist-add-title">
      <h2 id="blacklist-add-title">Block a visitor</h2>
      <Alert message={error} />
      <SelectField id="blacklist-kind" label="Block by" value={kind} options={KINDS} onChange={setKind} error={errors.kind} />
      <Field id="blacklist-value" label={kindInfo.label} hint={kindInfo.hint} value={value} onInput={setValue} error={errors.value} autoComplete="off" />
      <TextAreaField
        id="blacklist-reason"
        label="Reason (optional)"
        hint={`A note for colleagues, up to ${MAX_REASON} characters.`}
        rows={2}
        maxLength={MAX_REASON}
        value={reason}
        onInput={setReason}
        error={errors.reason}
      />
      <FormActions saving={saving} label="Block" busyLabel="Blocking…" status={status} />
    </form>
  );
}
