/** /profile: the agent's details and notification preferences. */
import { useState } from 'preact/hooks';
import { getMe, getNotificationPreferences } from '../api/endpoints';
import type { Me } from '../api/types';
import { ResourceView } from '../components/ResourceView';
import { useResource } from '../hooks';
import { Link } from '../router';
import { Page } from '../shell/sections';
import { NotificationSettingsForm } from './NotificationSettingsForm';
import { ProfileForm } from './ProfileForm';

interface ProfilePageProps {
  /** Called after the profile was saved (the header shows the name). */
  onSaved?: (me: Me) => void;
}

export function ProfilePage({ onSaved }: ProfilePageProps) {
  const [me, reloadMe] = useResource(getMe);
  const [preferences, reloadPreferences] = useResource(getNotificationPreferences);
  const [hasPhone, setHasPhone] = useState<boolean | undefined>(undefined);

  const saved = (updated: Me) => {
    setHasPhone(updated.phone !== null && updated.phone !== '');
    onSaved?.(updated);
  };

  return (
    <Page title="Profile">
      <p class="muted">
        Your working hours for auto-assignment are under <Link href="/management/availability">My availability</Link>.
      </p>
      <ResourceView resource={me} reload={reloadMe} what="your profile">
        {(data) => <ProfileForm me={data} onSaved={saved} />}
      </ResourceView>
      <ResourceView resource={preferences} reload={reloadPreferences} what="notification settings">
        {(data) => <NotificationSettingsForm preferences={data} hasPhone={hasPhone} />}
      </ResourceView>
    </Page>
  );
}
