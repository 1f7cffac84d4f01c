/**
 * /contacts/:id: the contact's details (editable, block / unblock) beside the
 * full conversation history across their chats.
 */
import { useState } from 'preact/hooks';
import type { Contact } from '../api/contacts';
import { Page } from '../shell/sections';
import { AppLink } from './AppLink';
import { ContactPanel, contactDisplayName } from './ContactPanel';
import { ConversationHistory } from './ConversationHistory';
import './contacts.css';

export function ContactPage({ contactId }: { contactId: string }) {
  const [contact, setContact] = useState<Contact | null>(null);
  const name = contact && contact.id === contactId ? contactDisplayName(contact) : null;
  return (
    <Page title={name ?? 'Contact'}>
      <p class="contact-back">
        <AppLink href="/contacts">← All contacts</AppLink>
      </p>
      <div class="contact-page">
        <div class="contact-page-details">
          <ContactPanel contactId={contactId} heading="Details" hideChats onChange={setContact} />
        </div>
        <section class="contact-page-history" aria-labelledby="contact-history-heading">
          <h2 id="contact-history-heading">Conversation history</h2>
          <ConversationHistory key={contactId} contactId={contactId} contactName={name ?? 'Contact'} />
        </section>
      </div>
    </Page>
  );
}

export default ContactPage;
