/** Management: the organisation's notification defaults (what members get unless they choose otherwise). */
import type { TargetedSubmitEvent } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { putNotificationDefaults } from '../api/endpoints';
import type { NotificationDefaults } from '../api/types';
import { Alert } from '../components/Alert';
import { FormStatus } from '../components/FormStatus';
import { NotificationMatrix } from '../notifications/NotificationMatrix';
import { overridesFor, withCell } from '../notifications/matrix';

export function NotificationDefaultsForm({ defaults }: { defaults: NotificationDefaults }) {
  const [saved, setSaved] = useState(defaults);
  const [draft, setDraft] = useState(defaults.effective);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const submit = async (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (saving) return;
    setSaving(true);
    setError(null);
    setStatus(null);
    try {
      const answer = await putNotificationDefaults(overridesFor(saved, draft));
      setSaved(answer);
      setDraft(answer.effective);
      setStatus('Notification defaults saved.');
    } catch (err) {
      setError(err instanceof ApiError ? `Could not save notification defaults: ${err.message}` : 'Could not save notification defaults.');
    } finally {
      setSaving(false);
    }
  };

  return (
    <form class="stack" onSubmit={submit} aria-label="Notification defaults">
      <Alert message={error} />
      <NotificationMatrix
        caption="Notification defaults of the organisation"
        kinds={saved.kinds}
        value={draft}
        onChange={(kind, channel, on) => setDraft((m) => withCell(m, kind, channel, on))}
        disabled={saving}
      />
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={saving} aria-busy={saving}>
          {saving ? 'Saving…' : 'Save notification defaults'}
        </button>
        <FormStatus message={status} />
      </div>
    </form>
  );
}
