/**
 * The contact panel: a contact's details, each edited in place (PATCH
 * /contacts/{id}), tags, custom fields, block / unblock, previous chats and
 * visits. The chat console shows it beside the conversation; the contact page
 * shows it beside the history.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { getContact, updateContact, type Contact, type ContactPatch } from '../api/contacts';
import type { Role } from '../api/types';
import { RetryAlert } from '../components/RetryAlert';
import { useRole } from './access';
import { BlockControl } from './BlockControl';
import { ContactChats } from './ContactChats';
import { CustomFields } from './CustomFields';
import { errorFor } from './format';
import { InlineField } from './InlineField';
import { Journey } from './Journey';
import { TagEditor } from './TagEditor';
import './contacts.css';

export interface ContactPanelProps {
  contactId: string;
  /** The member's role; defaults to the shell's (RoleContext). */
  role?: Role;
  /** The chat open beside the panel, marked in the previous chats. */
  currentChatId?: string;
  /** The panel's heading; defaults to the contact's name. */
  heading?: string;
  /** Leaves out the previous chats (the contact page shows them in full). */
  hideChats?: boolean;
  /** Called with the contact once it loads and after each change saved here. */
  onChange?: (contact: Contact) => void;
}

/** The name to show for a contact: name, else email, else username, else "Unnamed contact". */
export function contactDisplayName(contact: Pick<Contact, 'name' | 'email' | 'username'>): string {
  return contact.name.trim() || contact.email || contact.username || 'Unnamed contact';
}

/** Suggested statuses (the field is free text). */
const STATUSES = ['active', 'archived'];

type State = { state: 'loading' } | { state: 'failed'; message: string; missing: boolean } | { state: 'ready'; contact: Contact };

export function ContactPanel(props: ContactPanelProps) {
  // A new contact starts from scratch: no half-edited field carries over.
  return <PanelBody key={props.contactId} {...props} />;
}

export default ContactPanel;

function PanelBody({ contactId, role: explicitRole, currentChatId, heading, hideChats, onChange }: ContactPanelProps) {
  const role = useRole(explicitRole);
  const [state, setState] = useState<State>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const base = `contact-${contactId}`;
  // Saves run one after the other, each built from the contact as the last one left it.
  const latest = useRef<Contact | null>(null);
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  useEffect(() => {
    const controller = new AbortController();
    setState({ state: 'loading' });
    getContact(contactId, controller.signal).then(
      (contact) => {
        latest.current = contact;
        setState({ state: 'ready', contact });
        onChange?.(contact);
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        const missing = err instanceof ApiError && err.status === 404;
        setState({ state: 'failed', message: errorFor(err), missing });
      },
    );
    return () => controller.abort();
  }, [contactId, attempt]);

  if (state.state === 'loading') {
    return (
      <section class="contact-panel contact-panel-loading" aria-label="Contact" aria-busy="true">
        <p class="muted" role="status">
          Loading contact…
        </p>
      </section>
    );
  }
  if (state.state === 'failed') {
    return (
      <section class="contact-panel" aria-label="Contact">
        {state.missing ? (
          <p class="muted">This contact doesn't exist or you can't see it.</p>
        ) : (
          <RetryAlert text="The contact didn't load: " detail={state.message} onRetry={() => setAttempt((n) => n + 1)} />
        )}
      </section>
    );
  }

  const contact = state.contact;
  const changed = (updated: Contact) => {
    latest.current = updated;
    setState({ state: 'ready', contact: updated });
    onChange?.(updated);
  };

  /**
   * Saves a change (a patch, or a function of the current contact giving
   * one); resolves with the message to show at the field, or null.
   */
  const save = (change: ContactPatch | ((current: Contact) => ContactPatch), ...fields: string[]): Promise<string | null> => {
    const run = async () => {
      const current = latest.current ?? contact;
      try {
        changed(await updateContact(current.id, typeof change === 'function' ? change(current) : change));
        return null;
      } catch (err) {
        return errorFor(err, ...fields);
      }
    };
    const result = queue.current.then(run);
    queue.current = result;
    return result;
  };

  const text = (field: 'name' | 'email' | 'phone' | 'username' | 'status', label: string, extra: Partial<Parameters<typeof InlineField>[0]> = {}) => (
    <div class="contact-field">
      <dt id={`${base}-${field}-label`}>{label}</dt>
      <dd>
        <InlineField
          id={`${base}-${field}`}
          label={label}
          value={contact[field] ?? ''}
          onSave={(value) => save({ [field]: value }, field)}
          {...extra}
        />
      </dd>
    </div>
  );

  const headingId = `${base}-heading`;
  return (
    <section class="contact-panel" aria-labelledby={headingId}>
      <div class="contact-panel-head">
        <h2 id={headingId} class="contact-panel-title">
          {heading ?? contactDisplayName(contact)}
        </h2>
        {contact.blocked && <span class="ct-badge ct-badge-danger">Blocked</span>}
      </div>

      <dl class="contact-fields">
        {text('name', 'Name', { maxLength: 200 })}
        {text('email', 'Email', { type: 'email' })}
        {text('phone', 'Phone', {
          type: 'tel',
          // People type spaces and dashes; the API wants E.164.
          onSave: (value) => save({ phone: value.replace(/[\s\-.()]/g, '') }, 'phone'),
        })}
        {text('username', 'Username')}
        {text('status', 'Status', { maxLength: 50, suggestions: STATUSES })}
      </dl>

      <BlockControl id={`${base}-block`} contact={contact} role={role} onChange={changed} />

      <section class="contact-section" aria-labelledby={`${base}-tags-heading`}>
        <h3 id={`${base}-tags-heading`}>Tags</h3>
        <TagEditor id={`${base}-tags`} tags={contact.tags} onSave={(update) => save((c) => ({ tags: update(c.tags) }), 'tags')} />
      </section>

      <section class="contact-section" aria-labelledby={`${base}-fields-heading`}>
        <h3 id={`${base}-fields-heading`}>Custom fields</h3>
        <CustomFields
          id={`${base}-fields`}
          fields={contact.custom_fields ?? {}}
          onSave={(update) => save((c) => ({ custom_fields: update(c.custom_fields ?? {}) }), 'custom_fields')}
        />
      </section>

      {!hideChats && (
        <section class="contact-section" aria-labelledby={`${base}-chats-heading`}>
          <h3 id={`${base}-chats-heading`}>
            Previous chats <span class="count">({contact.chats_count})</span>
          </h3>
          <ContactChats contactId={contact.id} currentChatId={currentChatId} />
        </section>
      )}

      <section class="contact-section" aria-labelledby={`${base}-journey-heading`}>
        <h3 id={`${base}-journey-heading`}>Visits</h3>
        <Journey contactId={contact.id} />
      </section>
    </section>
  );
}
