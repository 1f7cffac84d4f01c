/** GET /dashboard: chat and contact figures per local day (supervisors and up). */
import { api } from './client';

/** The figures of one day, or of the whole period (the totals). */
export interface DashboardFigures {
  chats: number;
  answered: number;
  first_response_avg_seconds: number | null;
  first_response_median_seconds: number | null;
  resolution_avg_seconds: number | null;
  resolution_median_seconds: number | null;
  new_contacts: number;
  returning_contacts: number;
}

/** One local day, `YYYY-MM-DD`; days without chats have zero counts and null times. */
export interface DashboardDay extends DashboardFigures {
  date: string;
}

/** Body of GET /dashboard. */
export interface Dashboard {
  from: string;
  to: string;
  tz: string;
  team_id: string | null;
  /** Every day of the period, oldest first. */
  days: DashboardDay[];
  totals: DashboardFigures;
}

/** What GET /dashboard is asked for: days `YYYY-MM-DD` (both included), an IANA zone, optionally a team. */
export interface DashboardQuery {
  from: string;
  to: string;
  tz: string;
  team_id?: string | null;
}

/** The query string of GET /dashboard (without "?"), in a stable order. */
export function dashboardQueryString(query: DashboardQuery): string {
  const params = new URLSearchParams({ from: query.from, to: query.to, tz: query.tz });
  if (query.team_id) params.set('team_id', query.team_id);
  return params.toString();
}

export function getDashboard(query: DashboardQuery, signal?: AbortSignal): Promise<Dashboard> {
  return api.get<Dashboard>(`/dashboard?${dashboardQueryString(query)}`, { signal });
}
