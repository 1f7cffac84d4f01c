/**
 * API keys (admins): the organisation's keys for bots and integrations.
 * A new key's secret is shown once, with a copy button; keys can be revoked.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { type ApiKey, type CreatedApiKey, createApiKey, listApiKeys, revokeApiKey } from '../api/management';
import { Alert } from '../components/Alert';
import { Field } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { ResourceView } from '../components/ResourceView';
import { formatDateTime } from '../format';
import { useSubmit } from '../hooks';
import { CopyButton, selectAll } from './CopyButton';
import { DataTable } from './DataTable';
import { ConfirmDialog } from './Dialog';
import { showFieldErrors } from './errors';
import { useFormErrors } from './fields';
import { nameError } from './nameCheck';
import { RowButton } from './RowButton';
import { useData } from './useData';

export function ApiKeysSection() {
  const { resource, reload, update } = useData(listApiKeys);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  return (
    <>
      <p class="muted">
        Integrations send a key as <code>Authorization: Bearer lck_…</code>. Keys act with the admin role on the endpoints
        that accept them.
      </p>
      <CreateKeyForm onCreated={(key) => update((keys) => [key, ...keys])} />
      <h2 id="api-keys-title">Keys</h2>
      <ResourceView resource={resource} reload={reload} what="API keys">
        {(keys) => (
          <DataTable
            labelledBy="api-keys-title"
            columns={['Name', 'Key', 'Created', 'Last used', 'Status']}
            actions
            rows={keys}
            empty="No API keys yet."
          >
            {(key) => (
              <tr key={key.id}>
                <td>{key.name}</td>
                <td>
                  <code>{key.prefix}…</code>
                </td>
                <td>{formatDateTime(key.created_at)}</td>
                <td>{key.last_used_at ? formatDateTime(key.last_used_at) : 'Never'}</td>
                <td>{key.revoked_at ? `Revoked ${formatDateTime(key.revoked_at)}` : 'Active'}</td>
                <td class="actions">
                  {!key.revoked_at && <RowButton label="Revoke" name={`Revoke ${key.name}`} danger onClick={() => setRevoking(key)} />}
                </td>
              </tr>
            )}
          </DataTable>
        )}
      </ResourceView>
      {revoking && (
        <ConfirmDialog
          title={`Revoke ${revoking.name}?`}
          confirmLabel="Revoke key"
          failure="Could not revoke the key"
          onConfirm={async () => {
            await revokeApiKey(revoking.id);
            const at = new Date().toISOString();
            update((keys) => keys.map((k) => (k.id === revoking.id ? { ...k, revoked_at: k.revoked_at ?? at } : k)));
          }}
          onClose={() => setRevoking(null)}
        >
          <p>Integrations using this key stop working at once. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </>
  );
}

function CreateKeyForm({ onCreated }: { onCreated: (key: ApiKey) => void }) {
  const [name, setName] = useState('');
  const { errors, setErrors, formRef } = useFormErrors();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const secretRef = useRef<HTMLInputElement>(null);
  // Land on the new secret, which is shown this once.
  useEffect(() => {
    if (created) secretRef.current?.focus();
  }, [created]);

  const { saving, error, onSubmit } = useSubmit({
    failure: 'Could not create the key',
    check: () => {
      const found = nameError(name, 'Enter a name, e.g. the integration that uses it.');
      setErrors(found ? { name: found } : {});
      return !found;
    },
    save: async () => {
      const answer = await createApiKey(name.trim());
      setCreated(answer);
      setName('');
      onCreated(answer.api_key);
      return '';
    },
    handle: showFieldErrors(setErrors, { only: 'name' }),
  });

  return (
    <div class="panel form-narrow">
      <form ref={formRef} class="stack" onSubmit={onSubmit} noValidate aria-labelledby="api-key-new-title">
        <h2 id="api-key-new-title">Create an API key</h2>
        <Alert message={error} />
        <Field id="api-key-name" label="Name" value={name} onInput={setName} error={errors.name} autoComplete="off" />
        <FormActions saving={saving} label="Create key" busyLabel="Creating…" />
      </form>
      {created && (
        <div class="secret-box stack" role="region" aria-label="New API key">
          <p>
            <strong>Copy the key for “{created.api_key.name}” now.</strong> It is shown only this once; only its hash is
            stored.
          </p>
          <div class="copy-row">
            <label for="api-key-secret" class="sr-only">
              Secret of {created.api_key.name}
            </label>
            <input id="api-key-secret" ref={secretRef} readOnly onFocus={selectAll} value={created.secret} class="mono" />
            <CopyButton text={created.secret} label="Copy key" />
          </div>
          <div>
            <button type="button" class="button" onClick={() => setCreated(null)}>
              Done, I copied it
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
