/**
 * Beside the conversation: the contact (the Contacts screen's ContactPanel,
 * loaded on demand) and the internal discussion, as two tabs.
 */
import type { ComponentType, TargetedKeyboardEvent } from 'preact';
import { useState } from 'preact/hooks';
import type { TeamMember } from '../api/chats';
import { RetryAlert } from '../components/RetryAlert';
import { lazy, useLazy } from '../lazy';
import { DiscussionPanel } from './DiscussionPanel';

/** The props of the Contacts screen's panel this console uses. */
interface ContactPanelProps {
  contactId: string;
  currentChatId?: string;
  onChange?: (contact: { name: string }) => void;
}

/** The contact panel's code, loaded on first use (it is not part of the first screen). */
const contactPanel = lazy(() => import('../contacts/ContactPanel').then((m) => m.ContactPanel as ComponentType<ContactPanelProps>));

function LazyContactPanel(props: ContactPanelProps) {
  const { value: Panel, failed, retry } = useLazy(contactPanel);
  if (failed) return <RetryAlert text="The contact didn't load." onRetry={retry} />;
  if (!Panel) {
    return (
      <p class="muted" role="status">
        Loading the contact…
      </p>
    );
  }
  return <Panel {...props} />;
}

type Tab = 'contact' | 'discussion';

const TABS: { id: Tab; label: string }[] = [
  { id: 'contact', label: 'Contact' },
  { id: 'discussion', label: 'Internal discussion' },
];

interface SidePanelProps {
  chatId: string;
  contactId: string;
  me: string;
  names: ReadonlyMap<string, string>;
  teamMembers: TeamMember[];
  /** The contact was loaded or changed in the panel. */
  onContact?: (contact: { name: string }) => void;
}

export function SidePanel({ chatId, contactId, me, names, teamMembers, onContact }: SidePanelProps) {
  const [tab, setTab] = useState<Tab>('contact');
  const base = `side-${chatId}`;

  const onKeyDown = (event: TargetedKeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    event.preventDefault();
    const i = TABS.findIndex((t) => t.id === tab);
    const next = TABS[(i + (event.key === 'ArrowRight' ? 1 : -1) + TABS.length) % TABS.length];
    setTab(next.id);
    document.getElementById(`${base}-tab-${next.id}`)?.focus();
  };

  return (
    <aside class="chat-side" aria-label="Contact and internal discussion">
      <div class="tabs" role="tablist" aria-label="Chat details" onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`${base}-tab-${t.id}`}
            class="tab"
            aria-selected={tab === t.id}
            aria-controls={`${base}-panel`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div class="tab-panel" role="tabpanel" id={`${base}-panel`} aria-labelledby={`${base}-tab-${tab}`}>
        {tab === 'contact' ? (
          <LazyContactPanel contactId={contactId} currentChatId={chatId} onChange={onContact} />
        ) : (
          <DiscussionPanel chatId={chatId} me={me} names={names} teamMembers={teamMembers} />
        )}
      </div>
    </aside>
  );
}
