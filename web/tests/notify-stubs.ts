/** Stand-ins for the browser's Notification and AudioContext, recording what the app does with them. */
import { vi } from 'vitest';

/** Installs a fake Notification API with the given permission; returns what was shown. */
export function stubNotifications(permission: NotificationPermission, answer: NotificationPermission = permission) {
  const shown: FakeNotification[] = [];
  class FakeNotification {
    static permission: NotificationPermission = permission;
    static requestPermission = vi.fn(async () => {
      FakeNotification.permission = answer;
      return answer;
    });
    onclick: (() => void) | null = null;
    close = vi.fn();
    constructor(
      readonly title: string,
      readonly options: NotificationOptions = {},
    ) {
      shown.push(this);
    }
  }
  vi.stubGlobal('Notification', FakeNotification);
  return { shown, Notification: FakeNotification };
}

/** Installs a fake AudioContext; returns the oscillators started. */
export function stubAudio() {
  const started: string[] = [];
  const param = () => ({ setValueAtTime: vi.fn(), exponentialRampToValueAtTime: vi.fn() });
  class FakeAudioContext {
    state = 'running';
    currentTime = 0;
    destination = {};
    resume = vi.fn(async () => undefined);
    close = vi.fn(async () => undefined);
    createGain() {
      return { gain: param(), connect: vi.fn() };
    }
    createOscillator() {
      return {
        type: 'sine',
        frequency: param(),
        connect: vi.fn(),
        start: vi.fn(() => started.push('beep')),
        stop: vi.fn(),
      };
    }
  }
  vi.stubGlobal('AudioContext', FakeAudioContext);
  return { started };
}
