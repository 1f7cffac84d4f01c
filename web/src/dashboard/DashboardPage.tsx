/**
 * The dashboard: for supervisors and up, the organisation's (or a team's)
 * figures over a period (GET /dashboard) as cards and four charts; for
 * everyone, the recent chats. Agents may not read the figures (the API
 * answers 403), so their dashboard asks only for the recent chats.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { TargetedEvent } from 'preact';
import { ApiError } from '../api/client';
import { type Dashboard, type DashboardFigures, type DashboardQuery, dashboardQueryString, getDashboard } from '../api/dashboard';
import type { Session, Team } from '../api/types';
import type { Resource } from '../hooks';
import { navigate, useLocation } from '../router';
import { Page } from '../shell/sections';
import { CHARTS, Chart } from './Chart';
import { formatCount, formatDuration, formatRange } from './format';
import { PRESETS, type Period, type PeriodKind, browserTimeZone, dashboardURL, localToday, periodFromQuery, rangeError } from './period';
import { RecentChats } from './RecentChats';
import './dashboard.css';

interface DashboardPageProps {
  session: Session;
  /** The organisation's teams, for the team filter. */
  teams: Resource<Team[]>;
}

export function DashboardPage({ session, teams }: DashboardPageProps) {
  return (
    <Page title="Dashboard">
      {session.role !== 'agent' && <Figures teams={teams} />}
      <RecentChats />
    </Page>
  );
}

type Loaded = { key: string; data: Dashboard } | { key: string; error: string };

function Figures({ teams }: { teams: Resource<Team[]> }) {
  const { query } = useLocation();
  const period = periodFromQuery(query, localToday());
  const team = query.get('team') ?? '';
  const tz = useMemo(browserTimeZone, []);
  const request: DashboardQuery = { from: period.from, to: period.to, tz, team_id: team };
  const key = dashboardQueryString(request);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    getDashboard(request, controller.signal).then(
      (data) => controller.signal.aborted || setLoaded({ key, data }),
      (err: unknown) => controller.signal.aborted || setLoaded({ key, error: failure(err) }),
    );
    return () => controller.abort();
  }, [key, attempt]);

  // Only the answer to the current question counts; anything older shows as loading.
  const current = loaded?.key === key ? loaded : null;
  const data = current && 'data' in current ? current.data : null;
  const go = (next: Period, nextTeam = team) => navigate(dashboardURL(next, nextTeam), { replace: true });

  return (
    <>
      <div class="dash-controls">
        <PeriodPicker period={period} onChange={go} />
        <label class="dash-team">
          <span>Team</span>
          <select value={team} onChange={(e) => go(period, e.currentTarget.value)} disabled={teams.state !== 'ready'}>
            <option value="">All teams</option>
            {teams.state === 'ready' &&
              teams.data.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
          </select>
        </label>
        <p class="dash-range muted">
          {formatRange(period.from, period.to)}, days in {tz}
        </p>
      </div>
      {current && 'error' in current && (
        <p class="dash-error">
          The figures didn't load: {current.error}{' '}
          <button
            type="button"
            class="link-button"
            onClick={() => {
              setLoaded(null);
              setAttempt((n) => n + 1);
            }}
          >
            Retry
          </button>
        </p>
      )}
      {!(current && 'error' in current) && (
        <div class="dash-figures" aria-busy={!current}>
          {!current && (
            <p class="sr-only" role="status">
              Loading figures…
            </p>
          )}
          <Cards totals={data?.totals ?? null} />
          <div class="dash-charts">
            {CHARTS.map((spec) => (
              <Chart key={spec.id} spec={spec} data={data} />
            ))}
          </div>
        </div>
      )}
    </>
  );
}

function failure(err: unknown): string {
  if (err instanceof ApiError && err.status === 403) return 'only supervisors, admins and owners can see them.';
  return err instanceof ApiError ? err.message : 'something went wrong.';
}

/** The period's totals; placeholders of the same size while loading. */
export function Cards({ totals }: { totals: DashboardFigures | null }) {
  const share = totals && totals.chats > 0 ? ` (${Math.round((totals.answered / totals.chats) * 100)}%)` : '';
  const cards: [string, string, string][] = totals
    ? [
        ['Chats', formatCount(totals.chats), `${formatCount(totals.answered)} answered${share}`],
        [
          'First response',
          formatDuration(totals.first_response_avg_seconds),
          `median ${formatDuration(totals.first_response_median_seconds)}`,
        ],
        ['Resolution', formatDuration(totals.resolution_avg_seconds), `median ${formatDuration(totals.resolution_median_seconds)}`],
        [
          'Contacts',
          formatCount(totals.new_contacts + totals.returning_contacts),
          `${formatCount(totals.new_contacts)} new, ${formatCount(totals.returning_contacts)} returning`,
        ],
      ]
    : ['Chats', 'First response', 'Resolution', 'Contacts'].map((label) => [label, '', '']);
  return (
    <dl class="dash-cards">
      {cards.map(([label, figure, detail]) => (
        <div key={label} class="dash-card">
          <dt>{label}</dt>
          <dd class="dash-card-value">{totals ? figure : <span class="skeleton skeleton-figure" />}</dd>
          <dd class="dash-card-detail">{totals ? detail : <span class="skeleton skeleton-line" />}</dd>
        </div>
      ))}
    </dl>
  );
}

interface PeriodPickerProps {
  period: Period;
  onChange: (period: Period) => void;
}

/** Last 7 / 30 / 90 days, or a custom range applied with its own button. */
function PeriodPicker({ period, onChange }: PeriodPickerProps) {
  const [from, setFrom] = useState(period.from);
  const [to, setTo] = useState(period.to);
  const [error, setError] = useState<string | null>(null);
  const today = localToday();

  // The fields follow the period shown (after a preset or a reload).
  useEffect(() => {
    setFrom(period.from);
    setTo(period.to);
    setError(null);
  }, [period.from, period.to]);

  const pick = (kind: PeriodKind) => {
    if (kind === 'custom') onChange({ ...period, kind });
    else onChange(periodFromQuery(new URLSearchParams({ period: kind }), today));
  };

  const apply = (event: TargetedEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problem = rangeError(from, to);
    setError(problem);
    if (!problem) onChange({ kind: 'custom', from, to });
  };

  return (
    <div class="dash-period">
      <fieldset class="dash-presets">
        <legend class="sr-only">Period</legend>
        {PRESETS.map(({ kind, label }) => (
          <label key={kind} class="dash-preset">
            <input type="radio" name="dash-period" value={kind} checked={period.kind === kind} onChange={() => pick(kind)} />
            <span>{label}</span>
          </label>
        ))}
      </fieldset>
      {period.kind === 'custom' && (
        <form class="dash-custom" onSubmit={apply} noValidate>
          <label>
            <span>From</span>
            <input type="date" value={from} max={today} onInput={(e) => setFrom(e.currentTarget.value)} aria-invalid={!!error} aria-describedby={error ? 'dash-range-error' : undefined} />
          </label>
          <label>
            <span>To</span>
            <input type="date" value={to} max={today} onInput={(e) => setTo(e.currentTarget.value)} aria-invalid={!!error} aria-describedby={error ? 'dash-range-error' : undefined} />
          </label>
          <button type="submit" class="button">
            Apply
          </button>
          {error && (
            <p id="dash-range-error" class="field-error" role="alert">
              {error}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
