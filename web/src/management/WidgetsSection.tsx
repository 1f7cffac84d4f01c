/**
 * Widgets (admins): the chat widgets websites embed. Each has a public key,
 * the team its chats open in, the websites allowed to use it and whether
 * visitors must be identified, how it looks (colour, title, greeting, corner,
 * language); the snippet to paste into a website; and the organisation's
 * identity secret (show, rotate).
 */
import { useState } from 'preact/hooks';
import {
  createWidget,
  deleteWidget,
  getIdentitySecret,
  listTeamDetails,
  listWidgets,
  rotateIdentitySecret,
  type TeamDetails,
  updateWidget,
  type Widget,
  type WidgetInput,
} from '../api/management';
import { Alert } from '../components/Alert';
import { Field } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { FormStatus } from '../components/FormStatus';
import { ResourceView } from '../components/ResourceView';
import { useSubmit } from '../hooks';
import { CopyButton, selectAll } from './CopyButton';
import { ConfirmDialog, Dialog } from './Dialog';
import { failureMessage, showFieldErrors } from './errors';
import { CheckboxField, SelectField, TextAreaField, useFormErrors } from './fields';
import { RowButton } from './RowButton';
import { useData } from './useData';
import { WidgetAppearanceFields } from './WidgetAppearanceFields';
import {
  appearanceChanges,
  appearanceOf,
  checkAppearance,
  DEFAULT_APPEARANCE,
  languageName,
  normalizeAppearance,
  positionName,

} from './widgetAppearance';


/** The tag a website pastes to show the widget. */
export function widgetSnippet(origin: string, publicKey: string): string {
  return `<script async src="${origin}/widget.js" data-key="${publicKey}"></script>`;
}

/** The origins typed one per line (or separated by commas or spaces), without blanks. */
export function parseOrigins(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((o) => o.trim())
    .filter(Boolean);
}

async function loadWidgets(signal: AbortSignal) {
  const [widgets, teams] = await Promise.all([listWidgets(signal), listTeamDetails(signal)]);
  return { widgets, teams };
}

export function WidgetsSection() {
  const { resource, reload, update } = useData(loadWidgets);
  const [editing, setEditing] = useState<Widget | null>(null);
  const [deleting, setDeleting] = useState<Widget | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const replace = (widget: Widget) =>
    update((d) => ({ ...d, widgets: d.widgets.some((w) => w.id === widget.id) ? d.widgets.map((w) => (w.id === widget.id ? widget : w)) : [...d.widgets, widget] }));

  return (
    <>
      <ResourceView resource={resource} reload={reload} what="widgets">
        {({ widgets, teams }) => (
          <>
            <FormStatus message={status} />
            {widgets.length === 0 ? (
              <p class="muted">No widgets yet. Create one to chat with your website's visitors.</p>
            ) : (
              <ul class="card-list">
                {widgets.map((w) => (
                  <li key={w.id}>
                    <WidgetCard widget={w} teams={teams} onEdit={() => setEditing(w)} onDelete={() => setDeleting(w)} />
                  </li>
                ))}
              </ul>
            )}
            {editing && (
              <Dialog title={`Edit ${editing.name}`} onClose={() => setEditing(null)} wide>
                <WidgetForm
                  existing={editing}
                  teams={teams}
                  onSaved={(w) => {
                    replace(w);
                    setEditing(null);
                    setStatus(`${w.name} saved.`);
                  }}
                  onCancel={() => setEditing(null)}
                />
              </Dialog>
            )}
            <section class="panel form-narrow" aria-labelledby="widget-new-title">
              <h2 id="widget-new-title">Create a widget</h2>
              <WidgetForm
                teams={teams}
                onSaved={(w) => {
                  replace(w);
                  setStatus(`${w.name} created. Paste its snippet into your website.`);
                }}
              />
            </section>
          </>
        )}
      </ResourceView>
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete widget"
          failure="Could not delete the widget"
          onConfirm={async () => {
            await deleteWidget(deleting.id);
            update((d) => ({ ...d, widgets: d.widgets.filter((w) => w.id !== deleting.id) }));
            setStatus(`${deleting.name} was deleted.`);
          }}
          onClose={() => setDeleting(null)}
        >
          <p>Websites using its key stop showing the chat, and its visitors are signed out. Their contacts and chats stay.</p>
        </ConfirmDialog>
      )}
      <IdentitySecret />
    </>
  );
}

interface WidgetCardProps {
  widget: Widget;
  teams: TeamDetails[];
  onEdit: () => void;
  onDelete: () => void;
}

function WidgetCard({ widget, teams, onEdit, onDelete }: WidgetCardProps) {
  const snippet = widgetSnippet(window.location.origin, widget.public_key);
  const snippetId = `widget-snippet-${widget.id}`;
  const titleId = `widget-title-${widget.id}`;
  return (
    <article class="card stack" aria-labelledby={titleId}>
      <div class="card-head">
        <h3 id={titleId}>{widget.name}</h3>
        <div class="actions">
          <RowButton label="Edit" name={`Edit ${widget.name}`} onClick={onEdit} />
          <RowButton label="Delete" name={`Delete ${widget.name}`} danger onClick={onDelete} />
        </div>
      </div>
      <dl class="facts">
        <dt>Team</dt>
        <dd>{teams.find((t) => t.id === widget.team_id)?.name ?? 'Unknown team'}</dd>
        <dt>Public key</dt>
        <dd>
          <code>{widget.public_key}</code>
        </dd>
        <dt>Allowed websites</dt>
        <dd>{widget.allowed_origins.length ? widget.allowed_origins.join(', ') : 'Any website'}</dd>
        <dt>Visitors</dt>
        <dd>{widget.identity_required ? 'Identified visitors only' : 'Anyone'}</dd>
        <dt>Appearance</dt>
        <dd>
          <AppearanceSummary widget={widget} />
        </dd>
      </dl>
      <div class="field">
        <label for={snippetId}>Snippet for your website</label>
        <p class="field-hint" id={`${snippetId}-hint`}>
          Paste it before the closing &lt;/body&gt; tag of every page that shows the chat.
        </p>
        <div class="copy-row">
          <textarea id={snippetId} class="mono snippet" readOnly onFocus={selectAll} rows={3} value={snippet} aria-describedby={`${snippetId}-hint`} />
          <CopyButton text={snippet} label="Copy snippet" />
        </div>
      </div>
    </article>
  );
}

function AppearanceSummary({ widget }: { widget: Widget }) {
  const look = appearanceOf(widget);
  return (
    <>
      <span class="swatch" style={{ backgroundColor: look.color }} aria-hidden="true" />
      <code>{look.color}</code> · “{look.title}” · {positionName(look.position).toLowerCase()} · {languageName(look.language)}
    </>
  );
}

interface WidgetFormProps {
  existing?: Widget;
  teams: TeamDetails[];
  onSaved: (widget: Widget) => void;
  onCancel?: () => void;
}

function WidgetForm({ existing, teams, onSaved, onCancel }: WidgetFormProps) {
  const id = existing ? 'widget-edit' : 'widget-new';
  const [name, setName] = useState(existing?.name ?? '');
  const [teamId, setTeamId] = useState(existing?.team_id ?? teams[0]?.id ?? '');
  const [origins, setOrigins] = useState((existing?.allowed_origins ?? []).join('\n'));
  const [identityRequired, setIdentityRequired] = useState(existing?.identity_required ?? false);
  const [appearance, setAppearance] = useState(() => appearanceOf(existing));
  const { errors, setErrors, formRef } = useFormErrors();

  const { saving, error, status, onSubmit } = useSubmit({
    failure: existing ? 'Could not save the widget' : 'Could not create the widget',
    check: () => {
      const found: Record<string, string> = {};
      const value = name.trim();
      if (!value) found.name = 'Enter a name.';
      else if (value.length > 100) found.name = 'Use at most 100 characters.';
      if (!teamId) found.team_id = 'Choose the team its chats open in.';
      if (parseOrigins(origins).length > 50) found.allowed_origins = 'At most 50 websites.';
      Object.assign(found, checkAppearance(appearance));
      setErrors(found);
      return Object.keys(found).length === 0;
    },
    save: async () => {
      const look = normalizeAppearance(appearance);
      const input: WidgetInput = {
        name: name.trim(),
        team_id: teamId,
        allowed_origins: parseOrigins(origins),
        identity_required: identityRequired,
        ...look,
      };
      if (existing) {
        const patch: Partial<WidgetInput> = appearanceChanges(existing, look);
        if (input.name !== existing.name) patch.name = input.name;
        if (input.team_id !== existing.team_id) patch.team_id = input.team_id;
        if (input.allowed_origins.join('\n') !== existing.allowed_origins.join('\n')) patch.allowed_origins = input.allowed_origins;
        if (input.identity_required !== existing.identity_required) patch.identity_required = input.identity_required;
        onSaved(Object.keys(patch).length ? await updateWidget(existing.id, patch) : existing);
        return '';
      }
      const created = await createWidget(input);
      onSaved(created);
      setName('');
      setOrigins('');
      setIdentityRequired(false);
      setAppearance({ ...DEFAULT_APPEARANCE });
      return '';
    },
    handle: showFieldErrors(setErrors),
  });

  return (
    <form ref={formRef} class="stack" onSubmit={onSubmit} noValidate aria-label={existing ? `Edit ${existing.name}` : 'Create a widget'}>
      <Alert message={error} />
      <Field id={`${id}-name`} label="Name" hint="For you, e.g. the website it is on." value={name} onInput={setName} error={errors.name} autoComplete="off" />
      <SelectField
        id={`${id}-team`}
        label="Team"
        hint="New chats from this widget open in this team's inbox."
        value={teamId}
        options={teams.map((t) => ({ value: t.id, label: t.name }))}
        onChange={setTeamId}
        error={errors.team_id}
      />
      <TextAreaField
        id={`${id}-origins`}
        label="Allowed websites"
        hint="One origin per line, e.g. https://shop.example or https://*.example for its subdomains. Empty: any website."
        rows={3}
        value={origins}
        onInput={setOrigins}
        error={errors.allowed_origins}
      />
      <CheckboxField
        id={`${id}-identity`}
        label="Only identified visitors"
        hint="Refuse anonymous visitors: your server signs each visitor's user id with the identity secret."
        checked={identityRequired}
        onChange={setIdentityRequired}
        error={errors.identity_required}
      />
      <WidgetAppearanceFields id={id} value={appearance} onChange={setAppearance} errors={errors} />
      <FormActions saving={saving} label={existing ? 'Save widget' : 'Create widget'} status={status} onCancel={onCancel} />
    </form>
  );
}

/** The identity secret: hidden until asked for; rotating it needs a confirmation. */
function IdentitySecret() {
  const [secret, setSecret] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [confirmRotate, setConfirmRotate] = useState(false);

  const show = async () => {
    setBusy(true);
    setError(null);
    try {
      setSecret(await getIdentitySecret());
    } catch (err) {
      setError(failureMessage('Could not load the identity secret', err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel stack" aria-labelledby="identity-secret-title">
      <h2 id="identity-secret-title">Identity secret</h2>
      <p class="muted">
        Your server signs a signed-in user's id so the widget knows who they are: <code>user_hash</code> = hex of
        HMAC-SHA256 keyed with this secret over <code>user_id</code>. Keep it on your server, never in a web page.
      </p>
      <Alert message={error} />
      {secret === null ? (
        <div>
          <button type="button" class="button" onClick={() => void show()} disabled={busy} aria-busy={busy}>
            {busy ? 'Loading…' : 'Show identity secret'}
          </button>
        </div>
      ) : (
        <>
          <div class="copy-row">
            <label for="identity-secret" class="sr-only">
              Identity secret
            </label>
            <input id="identity-secret" class="mono" readOnly onFocus={selectAll} value={secret} />
            <CopyButton text={secret} label="Copy secret" />
          </div>
          <div class="form-actions">
            <button type="button" class="button" onClick={() => setSecret(null)}>
              Hide
            </button>
            <button type="button" class="button button-danger-outline" onClick={() => setConfirmRotate(true)}>
              Rotate secret
            </button>
            <FormStatus message={status} />
          </div>
        </>
      )}
      {confirmRotate && (
        <ConfirmDialog
          title="Rotate the identity secret?"
          confirmLabel="Rotate secret"
          failure="Could not rotate the identity secret"
          onConfirm={async () => {
            setSecret(await rotateIdentitySecret());
            setStatus('A new secret is in place. Update your server.');
          }}
          onClose={() => setConfirmRotate(false)}
        >
          <p>
            Signatures made with the current secret stop working at once: identified visitors cannot start new sessions until
            your server signs with the new secret. Sessions already open continue.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
