/**
 * The kind × channel table of notification choices, used for an agent's own
 * preferences and for the organisation's defaults. A checkbox appears only
 * where the kind allows the channel; each shows the value that applies.
 */
import type { KindChannels, PreferenceMatrix } from '../api/types';
import { CHANNELS, channelLabel, kindLabel } from './labels';
import { cell } from './matrix';

interface NotificationMatrixProps {
  /** Names the table, e.g. "Notify me". */
  caption: string;
  kinds: KindChannels[];
  value: PreferenceMatrix;
  onChange: (kind: string, channel: string, on: boolean) => void;
  disabled?: boolean;
}

/** The columns: the known channels in order, then any others the catalogue names. */
function columns(kinds: KindChannels[]): string[] {
  const extra = kinds.flatMap((k) => k.channels).filter((c) => !(CHANNELS as string[]).includes(c));
  return [...CHANNELS, ...new Set(extra)];
}

export function NotificationMatrix({ caption, kinds, value, onChange, disabled }: NotificationMatrixProps) {
  const channels = columns(kinds);
  return (
    <div class="table-wrap">
      <table class="table matrix">
        <caption class="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Notification</th>
            {channels.map((channel) => (
              <th key={channel} scope="col" class="matrix-channel">
                {channelLabel(channel)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {kinds.map(({ kind, channels: allowed }) => (
            <tr key={kind}>
              <th scope="row">{kindLabel(kind)}</th>
              {channels.map((channel) => (
                <td key={channel} class="matrix-cell">
                  {allowed.includes(channel) ? (
                    <input
                      type="checkbox"
                      aria-label={`${kindLabel(kind)}: ${channelLabel(channel)}`}
                      checked={cell(value, kind, channel)}
                      disabled={disabled}
                      onChange={(e) => onChange(kind, channel, e.currentTarget.checked)}
                    />
                  ) : (
                    <span class="matrix-none">
                      <span aria-hidden="true">–</span>
                      <span class="sr-only">not available</span>
                    </span>
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
