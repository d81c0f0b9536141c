/**
 * A library's reports over a range of its local dates (GET /libraries/{id}/reports/usage):
 * occupancy as a weekday × hour heat map, revenue by plan and by shift as bars, the no-show rate
 * overall and by weekday — each chart with a CSV export of its numbers. The range defaults to the
 * last 28 days of the library's calendar and is at most 92 days.
 */
import { formatMoney, Progress, useMessages, useResource } from '@studyspot/app-kit';
import type { Weekday } from '@studyspot/core';
import { weekdays } from '@studyspot/core';
import { useState } from 'react';
import { BarChart, ChartCard, HeatMap } from './charts.tsx';
import { downloadCsv, toCsv } from './csv.ts';
import type { SectionProps } from './library-screen.tsx';
import { reports as messages } from './messages-reports.ts';
import { common, weekdayKey } from './messages-shell.ts';
import { type RevenueLine, UsageReport } from './schemas.ts';
import { ResourceView, useApi } from './ui.tsx';

/** A local date `days` before today in `timeZone`, as YYYY-MM-DD. */
export function localDate(timeZone: string, daysAgo = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(Date.now());
  const t = Date.parse(`${today}T00:00:00Z`) - daysAgo * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** The hours the heat map shows: from the earliest opening to the latest closing (and any booked hour). */
function hourSpan(library: SectionProps['library'], report: UsageReport): number[] {
  const opens = weekdays.flatMap((d: Weekday) => {
    const h = library.openingHours[d];
    return h
      ? [
          Number(h.open.slice(0, 2)),
          Math.ceil(Number(h.close.slice(0, 2)) + Number(h.close.slice(3)) / 60) - 1,
        ]
      : [];
  });
  const booked = report.occupancy.map((c) => c.hour);
  const all = [...opens, ...booked];
  const first = all.length ? Math.min(...all) : 0;
  const last = all.length ? Math.max(...all) : 23;
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

export function ReportsSection({ library }: SectionProps) {
  const { t, lang } = useMessages(messages);
  const c = useMessages(common).t;
  const api = useApi();
  const [range, setRange] = useState(() => ({
    from: localDate(library.timezone, 27),
    to: localDate(library.timezone),
  }));
  const [asked, setAsked] = useState(range);
  const report = useResource(
    () => api.get(`/libraries/${library.id}/reports/usage`, UsageReport, asked),
    [library.id, asked.from, asked.to],
  );
  const money = (paise: number) => formatMoney(paise, 'INR', lang);
  const pct = (rate: number) => `${Math.round(rate * 100)}%`;
  const file = (what: string) => `${what}-${asked.from}-to-${asked.to}.csv`;
  const revenueName = (line: RevenueLine, none: string) => line.name ?? none;

  return (
    <div className="stack">
      <h2>{t('title')}</h2>
      <form
        className="row filters"
        onSubmit={(e) => {
          e.preventDefault();
          setAsked(range);
        }}
      >
        <label>
          {c('from')}
          <input
            type="date"
            required
            value={range.from}
            onChange={(e) => setRange({ ...range, from: e.target.value })}
          />
        </label>
        <label>
          {c('to')}
          <input
            type="date"
            required
            value={range.to}
            onChange={(e) => setRange({ ...range, to: e.target.value })}
          />
        </label>
        <button type="submit" className="button">
          {c('show')}
        </button>
      </form>
      {report.status === 'loading' && report.data ? <Progress label={t('updating')} /> : null}
      <ResourceView resource={report}>
        {(r) => {
          const hours = hourSpan(library, r);
          const cells = r.occupancy
            .filter((x) => hours.includes(x.hour))
            .map((x) => ({
              row: x.weekday - 1,
              col: hours.indexOf(x.hour),
              value: x.rate,
              title: t('cellTitle', { day: c(weekdayKey(x.weekday)), hour: x.hour, rate: pct(x.rate) }),
            }));
          const busiest = [...r.occupancy].sort((a, b) => b.rate - a.rate)[0];
          return (
            <div className="report-grid">
              <ChartCard
                title={t('occupancy')}
                summary={
                  busiest
                    ? t('busiest', {
                        day: c(weekdayKey(busiest.weekday)),
                        hour: busiest.hour,
                        rate: pct(busiest.rate),
                        seats: r.seats,
                      })
                    : t('noBookings')
                }
                actions={
                  <button
                    type="button"
                    className="button"
                    onClick={() =>
                      downloadCsv(
                        file('occupancy'),
                        toCsv(
                          ['weekday', 'hour', 'booked_seat_hours', 'days', 'seats', 'occupancy'],
                          r.occupancy.map((x) => [
                            x.weekday,
                            x.hour,
                            x.bookedHours,
                            x.days,
                            r.seats,
                            x.rate.toFixed(4),
                          ]),
                        ),
                      )
                    }
                  >
                    {t('exportOccupancy')}
                  </button>
                }
              >
                <HeatMap
                  rowLabels={[1, 2, 3, 4, 5, 6, 7].map((d) => c(weekdayKey(d)))}
                  colLabels={hours.map((h) => String(h))}
                  cells={cells}
                  label={t('heatLabel', { from: r.from, to: r.to })}
                  legend={['0%', pct(Math.max(0, ...r.occupancy.map((x) => x.rate)))]}
                />
              </ChartCard>
              <ChartCard
                title={t('revenue')}
                summary={t('revenueTotal', {
                  total: money(r.totals.amountPaise),
                  refunded: money(r.totals.refundedPaise),
                  n: r.totals.payments,
                })}
                actions={
                  <button
                    type="button"
                    className="button"
                    onClick={() =>
                      downloadCsv(
                        file('revenue'),
                        toCsv(
                          ['by', 'id', 'name', 'payments', 'amount_inr', 'refunded_inr'],
                          [
                            ...r.revenueByPlan.map((l) => [
                              'plan',
                              l.id,
                              l.name,
                              l.payments,
                              l.amountPaise / 100,
                              l.refundedPaise / 100,
                            ]),
                            ...r.revenueByShift.map((l) => [
                              'shift',
                              l.id,
                              l.name,
                              l.payments,
                              l.amountPaise / 100,
                              l.refundedPaise / 100,
                            ]),
                          ],
                        ),
                      )
                    }
                  >
                    {t('exportRevenue')}
                  </button>
                }
              >
                <h4>{t('byPlan')}</h4>
                {r.revenueByPlan.length === 0 ? <p className="muted">{t('noRevenue')}</p> : null}
                <BarChart
                  testId="revenue-by-plan"
                  label={t('byPlan')}
                  bars={r.revenueByPlan.map((l) => ({
                    key: l.id ?? 'none',
                    label: revenueName(l, t('noPlan')),
                    value: l.amountPaise,
                    text: money(l.amountPaise),
                  }))}
                />
                <h4>{t('byShift')}</h4>
                <BarChart
                  testId="revenue-by-shift"
                  label={t('byShift')}
                  bars={r.revenueByShift.map((l) => ({
                    key: l.id ?? 'none',
                    label: revenueName(l, t('noShift')),
                    value: l.amountPaise,
                    text: money(l.amountPaise),
                  }))}
                />
              </ChartCard>
              <ChartCard
                title={t('noShows')}
                summary={t('noShowRate', {
                  rate: pct(r.noShows.rate),
                  n: r.noShows.noShows,
                  of: r.noShows.decided,
                })}
                actions={
                  <button
                    type="button"
                    className="button"
                    onClick={() =>
                      downloadCsv(
                        file('no-shows'),
                        toCsv(
                          ['weekday', 'decided', 'no_shows', 'rate'],
                          r.noShows.byWeekday.map((x) => [
                            x.weekday,
                            x.decided,
                            x.noShows,
                            x.rate.toFixed(4),
                          ]),
                        ),
                      )
                    }
                  >
                    {t('exportNoShows')}
                  </button>
                }
              >
                <p className="big-number" data-testid="no-show-rate">
                  {pct(r.noShows.rate)}
                </p>
                <BarChart
                  testId="no-shows-by-weekday"
                  label={t('byWeekday')}
                  bars={r.noShows.byWeekday.map((x) => ({
                    key: String(x.weekday),
                    label: c(weekdayKey(x.weekday)),
                    value: x.rate,
                    text: `${pct(x.rate)} (${x.noShows}/${x.decided})`,
                  }))}
                />
              </ChartCard>
            </div>
          );
        }}
      </ResourceView>
    </div>
  );
}
