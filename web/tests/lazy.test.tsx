import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { RetryAlert } from '../src/components/RetryAlert';
import { lazy, useLazy } from '../src/lazy';

describe('lazy', () => {
  it('loads once, remembers the value, and loads again after a failure', async () => {
    const load = vi.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValue('code');
    const entry = lazy(load);
    await expect(entry.load()).rejects.toThrow('offline');
    expect(entry.loaded).toBeUndefined();
    await expect(Promise.all([entry.load(), entry.load()])).resolves.toEqual(['code', 'code']);
    expect(load).toHaveBeenCalledTimes(2);
    expect(entry.loaded).toBe('code');
  });

  it('renders a Retry after a failure and the value once a retry succeeds', async () => {
    const entry = lazy(vi.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValue('the screen'));
    function Screen() {
      const { value, failed, retry } = useLazy(entry);
      if (failed) return <RetryAlert text="It didn't load." onRetry={retry} />;
      return <p>{value ?? 'Loading…'}</p>;
    }
    render(<Screen />);
    fireEvent.click(await screen.findByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('the screen')).toBeTruthy();
  });
});
