/**
 * Vitest setup: unmount rendered components after each test, give every test
 * a fake WebSocket (jsdom's real one would try to reach a server), and run
 * Preact's effects on a plain timer.
 */
import { cleanup } from '@testing-library/preact';
import { options } from 'preact';
import { afterEach, beforeEach, vi } from 'vitest';
import { FakeWebSocket } from './fake-socket';

// Preact runs effects after the next animation frame, with a 100 ms fallback
// timer that calls cancelAnimationFrame. When a test file ends within those
// 100 ms, the fallback fires after jsdom's globals are gone and fails the run
// ("cancelAnimationFrame is not defined"). A zero-delay timer has no such window.
options.requestAnimationFrame = (flush) => {
  setTimeout(flush, 0);
};

beforeEach(() => {
  FakeWebSocket.reset();
  vi.stubGlobal('WebSocket', FakeWebSocket);
});

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});
