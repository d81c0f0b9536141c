/**
 * A library's details as a form: name, address, map position, amenities, time zone, booking grid
 * and opening hours per weekday. The same form creates a library (POST /manage/libraries) and edits
 * one (PATCH); the body is core's Library (via `NewLibrary`), so the browser refuses what the
 * cloud would, naming the field.
 */
import { useMessages } from '@studyspot/app-kit';
import type { OpeningHours, Weekday } from '@studyspot/core';
import { weekdays } from '@studyspot/core';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { library as messages } from './messages-library.ts';
import { common } from './messages-shell.ts';
import type { ManagedLibrary, NewLibrary } from './schemas.ts';
import { type Action, FormError } from './ui.tsx';

interface DayDraft {
  open: boolean;
  from: string;
  to: string;
}

export interface LibraryDraft {
  name: string;
  timezone: string;
  line1: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
  lat: string;
  lng: string;
  amenities: string;
  slotMinutes: '15' | '30' | '60';
  hours: Record<Weekday, DayDraft>;
}

const DEFAULT_DAY: DayDraft = { open: true, from: '08:00', to: '22:00' };

export function emptyDraft(): LibraryDraft {
  return {
    name: '',
    timezone: 'Asia/Kolkata',
    line1: '',
    city: '',
    state: '',
    postalCode: '',
    country: 'IN',
    lat: '',
    lng: '',
    amenities: 'wifi, ac',
    slotMinutes: '60',
    hours: Object.fromEntries(weekdays.map((d) => [d, { ...DEFAULT_DAY, open: d !== 'sun' }])) as Record<
      Weekday,
      DayDraft
    >,
  };
}

export function draftOf(l: ManagedLibrary): LibraryDraft {
  const hours = Object.fromEntries(
    weekdays.map((d) => {
      const h = l.openingHours[d];
      return [d, h ? { open: true, from: h.open, to: h.close } : { ...DEFAULT_DAY, open: false }];
    }),
  ) as Record<Weekday, DayDraft>;
  return {
    name: l.name,
    timezone: l.timezone,
    line1: l.address.line1,
    city: l.address.city,
    state: l.address.state,
    postalCode: l.address.postalCode,
    country: l.address.country,
    lat: String(l.geo.lat),
    lng: String(l.geo.lng),
    amenities: l.amenities.join(', '),
    slotMinutes: String(l.slotMinutes) as LibraryDraft['slotMinutes'],
    hours,
  };
}

/** The draft as the body core's schema checks (numbers parsed, empty amenities dropped). */
export function bodyOf(d: LibraryDraft): NewLibrary {
  const openingHours = Object.fromEntries(
    weekdays.map((w) => [w, d.hours[w].open ? { open: d.hours[w].from, close: d.hours[w].to } : null]),
  ) as OpeningHours;
  return {
    name: d.name.trim(),
    timezone: d.timezone.trim(),
    address: {
      line1: d.line1.trim(),
      city: d.city.trim(),
      state: d.state.trim(),
      postalCode: d.postalCode.trim(),
      country: d.country.trim().toUpperCase(),
    },
    geo: { lat: Number(d.lat), lng: Number(d.lng) },
    amenities: d.amenities
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
    openingHours,
    slotMinutes: Number(d.slotMinutes) as 15 | 30 | 60,
  };
}

type TextField =
  | 'name'
  | 'timezone'
  | 'line1'
  | 'city'
  | 'state'
  | 'postalCode'
  | 'country'
  | 'lat'
  | 'lng'
  | 'amenities';

export function LibraryForm({
  initial,
  action,
  submitLabel,
  onSubmit,
}: {
  initial: LibraryDraft;
  action: Action;
  submitLabel: string;
  onSubmit: (draft: LibraryDraft) => void;
}) {
  const { t } = useMessages(messages);
  const c = useMessages(common).t;
  const [draft, setDraft] = useState(initial);
  const set = (field: TextField) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [field]: e.target.value }));
  const setDay = (day: Weekday, patch: Partial<DayDraft>) =>
    setDraft((d) => ({ ...d, hours: { ...d.hours, [day]: { ...d.hours[day], ...patch } } }));
  const text = (
    field: TextField,
    label: string,
    extra: { inputMode?: 'decimal'; autoComplete?: string } = {},
  ) => (
    <label className="field">
      {label}
      <input value={draft[field]} onChange={set(field)} required={field !== 'amenities'} {...extra} />
    </label>
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(draft);
  };

  return (
    <form className="stack" onSubmit={submit}>
      <fieldset className="card form-grid">
        <legend>{t('aboutLegend')}</legend>
        {text('name', t('libraryName'))}
        {text('line1', t('addressLine'), { autoComplete: 'address-line1' })}
        {text('city', t('city'))}
        {text('state', t('state'))}
        {text('postalCode', t('postalCode'))}
        {text('country', t('country'))}
        {text('lat', t('latitude'), { inputMode: 'decimal' })}
        {text('lng', t('longitude'), { inputMode: 'decimal' })}
        {text('amenities', t('amenities'))}
        {text('timezone', t('timezone'))}
        <label className="field">
          {t('slotMinutes')}
          <select
            value={draft.slotMinutes}
            onChange={(e) =>
              setDraft((d) => ({ ...d, slotMinutes: e.target.value as LibraryDraft['slotMinutes'] }))
            }
          >
            <option value="15">15</option>
            <option value="30">30</option>
            <option value="60">60</option>
          </select>
        </label>
      </fieldset>
      <fieldset className="card">
        <legend>{t('hoursLegend')}</legend>
        <div className="hours">
          {weekdays.map((day, i) => (
            <div className="hours-row" key={day}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={draft.hours[day].open}
                  onChange={(e) => setDay(day, { open: e.target.checked })}
                />
                {c(`wd${i + 1}` as 'wd1')}
              </label>
              <label>
                <span className="visually-hidden">{t('opensAt', { day: c(`wd${i + 1}` as 'wd1') })}</span>
                <input
                  type="time"
                  value={draft.hours[day].from}
                  disabled={!draft.hours[day].open}
                  onChange={(e) => setDay(day, { from: e.target.value })}
                />
              </label>
              <label>
                <span className="visually-hidden">{t('closesAt', { day: c(`wd${i + 1}` as 'wd1') })}</span>
                <input
                  type="time"
                  value={draft.hours[day].to}
                  disabled={!draft.hours[day].open}
                  onChange={(e) => setDay(day, { to: e.target.value })}
                />
              </label>
            </div>
          ))}
        </div>
      </fieldset>
      <FormError error={action.error} />
      <button type="submit" className="button button-primary" disabled={action.busy}>
        {action.busy ? c('saving') : submitLabel}
      </button>
    </form>
  );
}
