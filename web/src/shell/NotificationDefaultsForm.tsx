/** Management: the organisation's notification defaults (what members get unless they choose otherwise). */
import { useState } from 'preact/hooks';
import { putNotificationDefaults } from '../api/endpoints';
import type { NotificationDefaults } from '../api/types';
import { Alert } from '../components/Alert';
import { FormActions } from '../components/FormActions';
import { useSubmit } from '../hooks';
import { NotificationMatrix } from '../notifications/NotificationMatrix';
import { overridesFor, withCell } from '../notifications/matrix';

export function NotificationDefaultsForm({ defaults }: { defaults: NotificationDefaults }) {
  const [saved, setSaved] = useState(defaults);
  const [draft, setDraft] = useState(defaults.effective);
  const { saving, error, status, onSubmit } = useSubmit({
    failure: 'Could not save notification defaults',
    save: async () => {
      const answer = await putNotificationDefaults(overridesFor(saved, draft));
      setSaved(answer);
      setDraft(answer.effective);
      return 'Notification defaults saved.';
    },
  });

  return (
    <form class="stack" onSubmit={onSubmit} aria-label="Notification defaults">
      <Alert message={error} />
      <NotificationMatrix
        caption="Notification defaults of the organisation"
        kinds={saved.kinds}
        value={draft}
        onChange={(kind, channel, on) => setDraft((m) => withCell(m, kind, channel, on))}
        disabled={saving}
      />
      <FormActions saving={saving} label="Save notification defaults" status={status} />
    </form>
  );
}
