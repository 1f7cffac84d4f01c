import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { Schedule } from '../src/api/management';
import { AvailabilitySection } from '../src/management/AvailabilitySection';
import { renderSection, validation, writes } from './management-fixtures';

const none: Schedule = { enabled: false, time_zone: '', hours: [], holidays: [], open_now: true, next_opening: null };

const stored: Schedule = {
  enabled: true,
  time_zone: 'America/New_York',
  hours: [
    { weekday: 1, opens: '08:00', closes: '12:00' },
    { weekday: 1, opens: '13:00', closes: '24:00' },
  ],
  holidays: [{ day: '2026-07-04', name: 'Independence Day' }],
  open_now: false,
  next_opening: '2026-07-06T12:00:00Z',
};

const echo = (req: { body: unknown }) => ({ body: { enabled: true, ...(req.body as object), open_now: true, next_opening: null } });

const form = () => screen.getByRole('form', { name: 'Working hours' });
const field = (label: string) => within(form()).getByLabelText(label) as HTMLInputElement;

describe('My availability', () => {
  it('starts a schedule from Monday to Friday and sends exactly what the editor shows', async () => {
    const { calls } = renderSection(AvailabilitySection, 'agent', {
      'GET /api/v1/me/schedule': { body: none },
      'PUT /api/v1/me/schedule': echo,
    });
    expect(await screen.findByText('No working hours: you are available whenever you are online.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Set working hours' }));

    fireEvent.change(field('Time zone'), { target: { value: 'Asia/Tokyo' } });
    // Monday until midnight, a second interval on Tuesday, Saturday morning, Friday off.
    fireEvent.input(field('Monday: closes'), { target: { value: '00:00' } });
    fireEvent.click(within(form()).getByRole('button', { name: 'Add hours on Tuesday' }));
    fireEvent.input(field('Tuesday (1): closes'), { target: { value: '12:00' } });
    fireEvent.input(field('Tuesday (2): opens'), { target: { value: '13:00' } });
    fireEvent.input(field('Tuesday (2): closes'), { target: { value: '18:30' } });
    fireEvent.click(within(form()).getByRole('button', { name: 'Remove Friday hours' }));
    fireEvent.click(within(form()).getByRole('button', { name: 'Add hours on Saturday' }));
    fireEvent.input(field('Saturday: closes'), { target: { value: '12:00' } });
    fireEvent.click(within(form()).getByRole('button', { name: 'Add holiday' }));
    fireEvent.input(field('Holiday 1: date'), { target: { value: '2026-12-24' } });
    fireEvent.input(field('Holiday 1: name'), { target: { value: ' Christmas Eve ' } });

    fireEvent.click(within(form()).getByRole('button', { name: 'Save working hours' }));
    expect(await screen.findByText('Working hours saved.')).toBeTruthy();
    const put = writes(calls)[0];
    expect(put.method).toBe('PUT');
    expect(put.url).toBe('/api/v1/me/schedule');
    expect(put.headers['X-CSRF-Token']).toBe('csrf-123');
    expect(put.body).toEqual({
      time_zone: 'Asia/Tokyo',
      hours: [
        { weekday: 1, opens: '09:00', closes: '24:00' },
        { weekday: 2, opens: '09:00', closes: '12:00' },
        { weekday: 2, opens: '13:00', closes: '18:30' },
        { weekday: 3, opens: '09:00', closes: '17:00' },
        { weekday: 4, opens: '09:00', closes: '17:00' },
        { weekday: 6, opens: '09:00', closes: '12:00' },
      ],
      holidays: [{ day: '2026-12-24', name: 'Christmas Eve' }],
    });
    expect(screen.getByText('Open now.')).toBeTruthy();
  });

  it('shows a stored schedule, midnight as 00:00, and whether it is open', async () => {
    renderSection(AvailabilitySection, 'agent', { 'GET /api/v1/me/schedule': { body: stored } });
    expect(await screen.findByText(/^Closed now; opens /)).toBeTruthy();
    expect(field('Time zone').value).toBe('America/New_York');
    expect(field('Monday (1): opens').value).toBe('08:00');
    expect(field('Monday (2): closes').value).toBe('00:00');
    expect(field('Holiday 1: name').value).toBe('Independence Day');
    expect(within(form()).getAllByText('Closed')).toHaveLength(6);
  });

  it('stops overlapping hours before sending, and shows server errors on their row', async () => {
    const { calls } = renderSection(AvailabilitySection, 'agent', {
      'GET /api/v1/me/schedule': { body: stored },
      'PUT /api/v1/me/schedule': validation({ 'hours[1].closes': 'not a time', 'holidays[0].day': 'repeats an earlier date' }),
    });
    await screen.findByText(/^Closed now/);
    fireEvent.input(field('Monday (2): opens'), { target: { value: '11:00' } });
    fireEvent.click(within(form()).getByRole('button', { name: 'Save working hours' }));
    expect(await within(form()).findByText('Overlaps other hours on Monday.')).toBeTruthy();
    expect(field('Monday (2): opens').getAttribute('aria-invalid')).toBe('true');
    expect(writes(calls)).toHaveLength(0);

    fireEvent.input(field('Monday (2): opens'), { target: { value: '12:30' } });
    fireEvent.click(within(form()).getByRole('button', { name: 'Save working hours' }));
    expect(await within(form()).findByText('not a time')).toBeTruthy();
    expect(field('Monday (2): closes').getAttribute('aria-invalid')).toBe('true');
    expect(field('Holiday 1: date').getAttribute('aria-invalid')).toBe('true');
    expect(within(form()).getByText('repeats an earlier date')).toBeTruthy();
    expect(screen.queryByText('Working hours saved.')).toBeNull();
  });

  it('removes the schedule after confirming', async () => {
    const { calls } = renderSection(AvailabilitySection, 'agent', {
      'GET /api/v1/me/schedule': { body: stored },
      'DELETE /api/v1/me/schedule': { status: 204 },
    });
    await screen.findByText(/^Closed now/);
    fireEvent.click(screen.getByRole('button', { name: 'Remove working hours' }));
    const dialog = screen.getByRole('dialog', { name: 'Remove the working hours?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove working hours' }));
    expect(await screen.findByText('Working hours removed.')).toBeTruthy();
    expect(screen.getByText('No working hours: you are available whenever you are online.')).toBeTruthy();
    expect(writes(calls).map((c) => `${c.method} ${c.url}`)).toEqual(['DELETE /api/v1/me/schedule']);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});
