/** Notification defaults (admins): what members are notified about unless they choose otherwise. */
import { getNotificationDefaults } from '../api/endpoints';
import { ResourceView } from '../components/ResourceView';
import { useResource } from '../hooks';
import { NotificationDefaultsForm } from '../shell/NotificationDefaultsForm';

export function NotificationsSection() {
  const [defaults, reload] = useResource(getNotificationDefaults);
  return (
    <>
      <p class="muted">What members are notified about, and how, unless they choose otherwise in their profile.</p>
      <ResourceView resource={defaults} reload={reload} what="notification defaults">
        {(data) => <NotificationDefaultsForm defaults={data} />}
      </ResourceView>
    </>
  );
}
