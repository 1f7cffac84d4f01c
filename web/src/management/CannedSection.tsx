/**
 * Canned responses: the organisation's (every member uses them; supervisors
 * and up change them) and the member's own personal ones. Add, edit, delete;
 * shortcuts are checked as the server checks them.
 */
import type { TargetedEvent } from 'preact';
import { useState } from 'preact/hooks';
import { createCannedResponse, deleteCannedResponse, listCannedResponses, updateCannedResponse } from '../api/endpoints';
import type { CannedResponse, CannedResponsePatch, CannedScope } from '../api/types';
import { Alert } from '../components/Alert';
import { Field } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { FormStatus } from '../components/FormStatus';
import { ResourceView } from '../components/ResourceView';
import { useSubmit } from '../hooks';
import { checkCanned, MAX_BODY, normalizeShortcut } from './cannedValidation';
import { DataTable } from './DataTable';
import { ConfirmDialog, Dialog } from './Dialog';
import { showFieldErrors } from './errors';
import { TextAreaField, useFormErrors } from './fields';
import { atLeast } from './roles';
import { RowButton } from './RowButton';
import type { SectionProps } from './types';
import { useData } from './useData';

type Filter = 'all' | CannedScope;

const FILTERS: { value: Filter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'organization', label: 'Organisation' },
  { value: 'personal', label: 'Personal' },
];

const SCOPE_LABELS: Record<CannedScope, string> = { organization: 'Organisation', personal: 'Personal' };

function byShortcut(a: CannedResponse, b: CannedResponse): number {
  return a.shortcut.localeCompare(b.shortcut) || (a.scope === 'personal' ? -1 : 1);
}

function preview(body: string): string {
  const line = body.replace(/\s+/g, ' ');
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

export function CannedSection({ role }: SectionProps) {
  const { resource, reload, update } = useData((signal) => listCannedResponses({}, signal));
  const [filter, setFilter] = useState<Filter>('all');
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<CannedResponse | null>(null);
  const [deleting, setDeleting] = useState<CannedResponse | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const supervisor = atLeast(role, 'supervisor');
  const canChange = (r: CannedResponse) => r.scope === 'personal' || supervisor;

  const saved = (response: CannedResponse) =>
    update((list) => [...list.filter((r) => r.id !== response.id), response].sort(byShortcut));

  return (
    <>
      <p class="muted">
        Type <kbd>/shortcut</kbd> in a chat to insert a response, or <kbd>#</kbd> and words of its title to search.
        {supervisor ? ' Organisation responses are shared with every member.' : ' Only supervisors and admins change the organisation’s responses.'}
      </p>
      <div class="toolbar">
        <fieldset class="segmented">
          <legend class="sr-only">Show</legend>
          {FILTERS.map((f) => (
            <label key={f.value}>
              <input
                type="radio"
                name="canned-filter"
                value={f.value}
                checked={filter === f.value}
                onChange={() => setFilter(f.value)}
              />
              {f.label}
            </label>
          ))}
        </fieldset>
        <div class="field toolbar-search">
          <label for="canned-search" class="sr-only">
            Search canned responses
          </label>
          <input
            id="canned-search"
            type="search"
            placeholder="Search shortcut or title"
            value={query}
            onInput={(e: TargetedEvent<HTMLInputElement>) => setQuery(e.currentTarget.value)}
          />
        </div>
      </div>
      <FormStatus message={status} />
      <ResourceView resource={resource} reload={reload} what="canned responses">
        {(list) => {
          const q = query.trim().toLowerCase();
          const shown = list.filter(
            (r) =>
              (filter === 'all' || r.scope === filter) &&
              (!q || r.shortcut.includes(q.replace(/^\//, '')) || r.title.toLowerCase().includes(q)),
          );
          return (
            <DataTable
              caption="Canned responses"
              columns={['Shortcut', 'Title', 'Text', 'Scope']}
              actions
              rows={shown}
              empty={list.length ? 'No canned response matches.' : 'No canned responses yet.'}
            >
              {(r) => (
                <tr key={r.id}>
                  <td>
                    <code>/{r.shortcut}</code>
                  </td>
                  <td>{r.title}</td>
                  <td class="cell-text">{preview(r.body)}</td>
                  <td>{SCOPE_LABELS[r.scope] ?? r.scope}</td>
                  <td class="actions">
                    {canChange(r) && (
                      <>
                        <RowButton label="Edit" name={`Edit /${r.shortcut}`} onClick={() => setEditing(r)} />
                        <RowButton label="Delete" name={`Delete /${r.shortcut}`} danger onClick={() => setDeleting(r)} />
                      </>
                    )}
                  </td>
                </tr>
              )}
            </DataTable>
          );
        }}
      </ResourceView>
      {editing && (
        <Dialog title={`Edit /${editing.shortcut}`} onClose={() => setEditing(null)} wide>
          <CannedForm
            existing={editing}
            canShare={supervisor}
            onSaved={(r) => {
              saved(r);
              setEditing(null);
              setStatus(`Canned response /${r.shortcut} saved.`);
            }}
            onCancel={() => setEditing(null)}
          />
        </Dialog>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete /${deleting.shortcut}?`}
          confirmLabel="Delete canned response"
          failure="Could not delete the canned response"
          onConfirm={async () => {
            await deleteCannedResponse(deleting.id);
            update((list) => list.filter((r) => r.id !== deleting.id));
            setStatus(`Canned response /${deleting.shortcut} deleted.`);
          }}
          onClose={() => setDeleting(null)}
        >
          <p>
            {deleting.scope === 'organization'
              ? 'Nobody in the organisation can use it any more.'
              : 'You can no longer use it.'}
          </p>
        </ConfirmDialog>
      )}
      <section class="panel form-narrow" aria-labelledby="canned-add-heading">
        <h2 id="canned-add-heading">Add a canned response</h2>
        <CannedForm
          canShare={supervisor}
          onSaved={(r) => {
            saved(r);
            setStatus(null);
          }}
        />
      </section>
    </>
  );
}

interface CannedFormProps {
  /** The response being edited; a new one when absent. */
  existing?: CannedResponse;
  /** Whether organisation-wide responses may be added (supervisor and up). */
  canShare: boolean;
  onSaved: (response: CannedResponse) => void;
  onCancel?: () => void;
}

function CannedForm({ existing, canShare, onSaved, onCancel }: CannedFormProps) {
  const id = existing ? 'canned-edit' : 'canned-new';
  const [scope, setScope] = useState<CannedScope>(existing?.scope ?? 'personal');
  const [shortcut, setShortcut] = useState(existing?.shortcut ?? '');
  const [title, setTitle] = useState(existing?.title ?? '');
  const [body, setBody] = useState(existing?.body ?? '');
  const { errors, setErrors, formRef } = useFormErrors();

  const { saving, error, status, onSubmit } = useSubmit({
    failure: existing ? 'Could not save the canned response' : 'Could not add the canned response',
    check: () => {
      const found = checkCanned({ shortcut, title, body });
      setErrors(found as Record<string, string>);
      return Object.keys(found).length === 0;
    },
    save: async () => {
      const values = { shortcut: normalizeShortcut(shortcut), title: title.trim(), body: body.trim() };
      if (existing) {
        const patch: CannedResponsePatch = {};
        if (values.shortcut !== existing.shortcut) patch.shortcut = values.shortcut;
        if (values.title !== existing.title) patch.title = values.title;
        if (values.body !== existing.body) patch.body = values.body;
        onSaved(Object.keys(patch).length ? await updateCannedResponse(existing.id, patch) : existing);
        return 'Saved.';
      }
      const created = await createCannedResponse({ ...values, scope });
      onSaved(created);
      setShortcut('');
      setTitle('');
      setBody('');
      return `Canned response /${created.shortcut} added.`;
    },
    handle: showFieldErrors(setErrors, { conflict: { field: 'shortcut', codes: ['shortcut_taken'] } }),
  });

  return (
    <form ref={formRef} class="stack" onSubmit={onSubmit} noValidate aria-label={existing ? 'Edit canned response' : 'Add a canned response'}>
      <Alert message={error} />
      {existing ? (
        <p class="muted">{existing.scope === 'organization' ? 'Organisation response: every member can use it.' : 'Personal response: only you see it.'}</p>
      ) : canShare ? (
        <fieldset class="field radio-group">
          <legend>Who can use it</legend>
          <label>
            <input type="radio" name={`${id}-scope`} checked={scope === 'personal'} onChange={() => setScope('personal')} />
            Only me (personal)
          </label>
          <label>
            <input type="radio" name={`${id}-scope`} checked={scope === 'organization'} onChange={() => setScope('organization')} />
            Everyone in the organisation
          </label>
          {errors.scope && <p class="field-error">{errors.scope}</p>}
        </fieldset>
      ) : (
        <p class="muted">Personal response: only you see and use it.</p>
      )}
      <Field
        id={`${id}-shortcut`}
        label="Shortcut"
        hint="Typed after / in a chat: letters, digits, - and _ (up to 32)."
        value={shortcut}
        onInput={setShortcut}
        error={errors.shortcut}
        autoComplete="off"
      />
      <Field id={`${id}-title`} label="Title" value={title} onInput={setTitle} error={errors.title} autoComplete="off" />
      <TextAreaField
        id={`${id}-body`}
        label="Text"
        hint="Placeholders such as {{contact.first_name}}, {{agent.first_name}} and {{organization.name}} are filled in when used."
        rows={5}
        maxLength={MAX_BODY}
        value={body}
        onInput={setBody}
        error={errors.body}
      />
      <FormActions
        saving={saving}
        label={existing ? 'Save canned response' : 'Add canned response'}
        status={existing ? undefined : status}
        onCancel={onCancel}
      />
    </form>
  );
}
