/**
 * The search's "distance from" and filter controls: the phone's location (geolocation) or a typed
 * city or area (places.ts), amenities, a price ceiling and "open now". Every control is a labelled
 * native input, so it works by keyboard and screen reader.
 */
import { useMessages } from '@studyspot/app-kit';
import { useState } from 'react';
import { amenityIds, amenityText, findText } from '../i18n/find.ts';
import { findPlace, places } from '../places.ts';

export interface Near {
  lat: number;
  lng: number;
  /** The place's name, or null for the phone's own location. */
  place: string | null;
}

export interface Filters {
  q: string;
  near: Near | null;
  /** A typed place the gazetteer does not know: searched as text. */
  unknownPlace: string | null;
  amenities: string[];
  maxPriceRupees: string;
  openNow: boolean;
}

export const noFilters: Filters = {
  q: '',
  near: null,
  unknownPlace: null,
  amenities: [],
  maxPriceRupees: '',
  openNow: false,
};

type Locating = 'idle' | 'busy' | 'denied';

export function NearPicker({ filters, onChange }: { filters: Filters; onChange: (next: Filters) => void }) {
  const { t, lang } = useMessages(findText);
  const [locating, setLocating] = useState<Locating>('idle');
  const [typed, setTyped] = useState(filters.near?.place ?? filters.unknownPlace ?? '');

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setLocating('denied');
      return;
    }
    setLocating('busy');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating('idle');
        setTyped('');
        const { latitude: lat, longitude: lng } = position.coords;
        onChange({ ...filters, near: { lat, lng, place: null }, unknownPlace: null });
      },
      () => setLocating('denied'),
      { timeout: 10_000, maximumAge: 300_000 },
    );
  };

  const applyPlace = () => {
    const text = typed.trim();
    if (!text) return onChange({ ...filters, near: null, unknownPlace: null });
    const place = findPlace(text);
    if (place)
      onChange({
        ...filters,
        near: { lat: place.lat, lng: place.lng, place: place.name },
        unknownPlace: null,
      });
    else onChange({ ...filters, near: null, unknownPlace: text });
  };

  const status =
    locating === 'busy'
      ? t('locating')
      : locating === 'denied' && !filters.near
        ? t('locationDenied')
        : filters.near
          ? filters.near.place
            ? t('nearPlace', {
                place:
                  lang === 'hi'
                    ? (findPlace(filters.near.place)?.hi ?? filters.near.place)
                    : filters.near.place,
              })
            : t('nearMe')
          : filters.unknownPlace
            ? t('placeUnknown', { place: filters.unknownPlace })
            : null;

  return (
    <fieldset className="stack plain-fieldset">
      <legend className="field-legend">{t('near')}</legend>
      <button type="button" className="button wide" onClick={locate} disabled={locating === 'busy'}>
        {t('useLocation')}
      </button>
      <div className="row place-row">
        <label className="grow">
          {t('placeLabel')}
          <input
            list="known-places"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onBlur={applyPlace}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                applyPlace();
              }
            }}
            autoComplete="address-level2"
          />
        </label>
        {filters.near || filters.unknownPlace ? (
          <button
            type="button"
            className="button"
            onClick={() => {
              setTyped('');
              onChange({ ...filters, near: null, unknownPlace: null });
            }}
          >
            {t('clearPlace')}
          </button>
        ) : null}
      </div>
      <datalist id="known-places">
        {places.map((p) => (
          <option key={p.name} value={lang === 'hi' ? p.hi : p.name} />
        ))}
      </datalist>
      {status ? (
        <p className="hint" role="status">
          {status}
        </p>
      ) : null}
    </fieldset>
  );
}

export function FilterPanel({ filters, onChange }: { filters: Filters; onChange: (next: Filters) => void }) {
  const { t } = useMessages(findText);
  const amenity = useMessages(amenityText).t;
  const toggle = (id: string) =>
    onChange({
      ...filters,
      amenities: filters.amenities.includes(id)
        ? filters.amenities.filter((a) => a !== id)
        : [...filters.amenities, id],
    });
  const active = filters.amenities.length + (filters.maxPriceRupees ? 1 : 0) + (filters.openNow ? 1 : 0);
  return (
    <details className="filters card" open={active > 0}>
      <summary>
        {t('filters')}
        {active > 0 ? ` (${active})` : ''}
      </summary>
      <div className="stack">
        <fieldset className="plain-fieldset">
          <legend className="field-legend">{t('amenities')}</legend>
          <div className="chip-grid">
            {amenityIds.map((id) => (
              <label key={id} className="check-chip">
                <input type="checkbox" checked={filters.amenities.includes(id)} onChange={() => toggle(id)} />
                <span>{amenity(id)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <label>
          {t('maxPrice')}
          <input
            type="number"
            inputMode="numeric"
            min={0}
            step={10}
            value={filters.maxPriceRupees}
            onChange={(e) => onChange({ ...filters, maxPriceRupees: e.target.value })}
          />
        </label>
        <label className="check-line">
          <input
            type="checkbox"
            checked={filters.openNow}
            onChange={(e) => onChange({ ...filters, openNow: e.target.checked })}
          />
          <span>{t('openNow')}</span>
        </label>
      </div>
    </details>
  );
}
