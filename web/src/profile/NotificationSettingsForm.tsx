/**
 * The agent's own notification preferences: the kind × channel matrix,
 * quiet hours, hints about what is missing (a phone for SMS, a schedule for
 * quiet hours), and the desktop notification permission.
 */
import { useState } from 'preact/hooks';
import { putNotificationPreferences } from '../api/endpoints';
import type { NotificationPreferences } from '../api/types';
import { Alert } from '../components/Alert';
import { FormActions } from '../components/FormActions';
import { useSubmit } from '../hooks';
import { DesktopPermission } from '../notifications/DesktopPermission';
import { NotificationMatrix } from '../notifications/NotificationMatrix';
import { overridesFor, withCell } from '../notifications/matrix';

interface NotificationSettingsFormProps {
  preferences: NotificationPreferences;
  /** Whether the agent has a phone number now (the profile form may have changed it since loading). */
  hasPhone?: boolean;
}

export function NotificationSettingsForm({ preferences, hasPhone }: NotificationSettingsFormProps) {
  const [saved, setSaved] = useState(preferences);
  const [draft, setDraft] = useState(preferences.effective);
  const [quietHours, setQuietHours] = useState(preferences.quiet_hours);
  const { saving, error, status, onSubmit } = useSubmit({
    failure: 'Could not save notification settings',
    save: async () => {
      const answer = await putNotificationPreferences(overridesFor(saved, draft), quietHours);
      setSaved(answer);
      setDraft(answer.effective);
      setQuietHours(answer.quiet_hours);
      return 'Notification settings saved.';
    },
  });

  const phoneKnown = hasPhone ?? saved.has_phone;
  return (
    <form class="stack" onSubmit={onSubmit} aria-labelledby="notification-settings">
      <h2 id="notification-settings">Notifications</h2>
      <DesktopPermission />
      <Alert message={error} />
      <NotificationMatrix
        caption="Notify me"
        kinds={saved.kinds}
        value={draft}
        onChange={(kind, channel, on) => setDraft((m) => withCell(m, kind, channel, on))}
        disabled={saving}
      />
      {!phoneKnown && <p class="field-hint">SMS needs a phone number: add one under Your details.</p>}
      <div class="checkbox-field">
        <label>
          <input type="checkbox" checked={quietHours} disabled={saving} onChange={(e) => setQuietHours(e.currentTarget.checked)} />
          Quiet hours: no email or SMS outside my availability schedule
        </label>
        {!saved.has_schedule && (
          <p class="field-hint">Quiet hours need an availability schedule; without one, email and SMS can arrive at any time.</p>
        )}
      </div>
      <FormActions saving={saving} label="Save notification settings" status={status} />
    </form>
  );
}
