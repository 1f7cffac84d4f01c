/** /chats/<id>: one chat's console on its own page (links from notifications, new tabs). */
import { useEffect, useMemo } from 'preact/hooks';
import type { TeamSettings } from '../api/chats';
import { listMembers } from '../api/endpoints';
import type { Session, Team } from '../api/types';
import { ChatConsole } from '../chat/ChatConsole';
import { type Resource, useResource } from '../hooks';
import { Link } from '../router';
import { setPageTitle } from '../title';
import { namesOf } from './InboxPage';
import './inbox.css';

interface ChatPageProps {
  chatId: string;
  session: Session;
  teams: Resource<Team[]>;
}

export function ChatPage({ chatId, session, teams }: ChatPageProps) {
  const [members] = useResource(listMembers);
  const names = useMemo(() => namesOf(members.state === 'ready' ? members.data : undefined), [members]);
  useEffect(() => setPageTitle('Chat · Livechat'), []);
  return (
    <section class="page chat-page">
      <p class="back-link">
        <Link href="/inboxes?view=mine">← My chats</Link>
      </p>
      <ChatConsole
        key={chatId}
        chatId={chatId}
        me={session.user.id}
        role={session.role}
        teams={teams.state === 'ready' ? (teams.data as TeamSettings[]) : []}
        names={names}
        headingLevel={1}
      />
    </section>
  );
}
