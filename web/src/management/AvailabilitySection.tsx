/** My availability: the signed-in member's own working hours (GET/PUT/DELETE /me/schedule). */
import { mySchedule } from '../api/management';
import { ScheduleEditor } from './ScheduleEditor';

export function AvailabilitySection() {
  return (
    <>
      <p class="muted">
        Auto-assignment gives you chats only while you are online and within these hours. Without working hours you are
        available whenever you are online.
      </p>
      <ScheduleEditor
        api={mySchedule}
        canEdit
        texts={{
          title: 'Working hours',
          none: 'No working hours: you are available whenever you are online.',
          idPrefix: 'my-hours',
        }}
      />
    </>
  );
}
