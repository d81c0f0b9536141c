/**
 * The seat-layout editor: a library's zones and its seats drawn on a grid. The owner picks a zone
 * and the "draw" tool and clicks (or presses Enter on) empty cells to place seats, numbered per
 * zone (A01, A02…); "erase" takes a saved seat out of service (the cloud never deletes seats — old
 * bookings point at them) and drops one drawn but not saved; "select" opens a seat to change its
 * zone, type or status; "move" picks a seat up and puts it down on an empty cell (the mouse can
 * also drag a seat in any tool). Changes collect locally and are saved at once with one bulk upsert keyed
 * by seat number (PUT /manage/libraries/{id}/seats).
 */
import { Progress, useMessages, useResource } from '@studyspot/app-kit';
import type { Zone } from '@studyspot/core';
import { Zone as ZoneSchema } from '@studyspot/core';
import type { FormEvent } from 'react';
import { useMemo, useState } from 'react';
import type { SectionProps } from './library-screen.tsx';
import { layout as messages } from './messages-library.ts';
import { NewZone, PlacedSeats, type SeatInput, SeatLayout, SeatPage, ZonePage } from './schemas.ts';
import { type GridSeat, SeatGrid, ZONE_COLOURS } from './seat-grid.tsx';
import { SeatInspector } from './seat-inspector.tsx';
import { FormError, ResourceView, useAction, useApi } from './ui.tsx';

type Tool = 'draw' | 'erase' | 'select' | 'move';
const tools: Tool[] = ['draw', 'erase', 'select', 'move'];

/** Every seat of the library (the list is paged; a library has at most a few hundred). */
async function allSeats(api: ReturnType<typeof useApi>, libraryId: string) {
  const seats = [];
  let cursor: string | undefined;
  do {
    const page = await api.get(`/manage/libraries/${libraryId}/seats`, SeatPage, { limit: 200, cursor });
    seats.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return seats;
}

/** The next free number in a zone: its letter (A for the first zone…) and a two-digit count. */
function nextNumber(zones: Zone[], zoneId: string, seats: GridSeat[]): string {
  const index = Math.max(
    0,
    zones.findIndex((z) => z.id === zoneId),
  );
  const prefix = String.fromCharCode(65 + (index % 26));
  const taken = new Set(seats.map((s) => s.number));
  for (let n = 1; ; n++) {
    const number = `${prefix}${String(n).padStart(2, '0')}`;
    if (!taken.has(number)) return number;
  }
}

export function LayoutEditor({ library }: SectionProps) {
  const { t } = useMessages(messages);
  const api = useApi();
  const data = useResource(async () => {
    const [zones, seats] = await Promise.all([
      api.get(`/manage/libraries/${library.id}/zones`, ZonePage, { limit: 200 }),
      allSeats(api, library.id),
    ]);
    return { zones: zones.items, seats };
  }, [library.id]);
  return (
    <div className="stack">
      <h2>{t('title')}</h2>
      <p className="muted">{t('intro')}</p>
      <ResourceView resource={data}>
        {({ zones, seats }) => (
          <Editor
            key={`${zones.length}:${seats.length}:${seats.map((s) => `${s.number}${s.status}${s.row}`).join()}`}
            libraryId={library.id}
            zones={zones}
            saved={seats.map((s) => ({ ...s, saved: true, changed: false }))}
            reload={data.reload}
          />
        )}
      </ResourceView>
    </div>
  );
}

function Editor({
  libraryId,
  zones,
  saved,
  reload,
}: {
  libraryId: string;
  zones: Zone[];
  saved: GridSeat[];
  reload: () => void;
}) {
  const { t } = useMessages(messages);
  const api = useApi();
  const [seats, setSeats] = useState<GridSeat[]>(saved);
  const [tool, setTool] = useState<Tool>('draw');
  const [zoneId, setZoneId] = useState(zones[0]?.id ?? '');
  const [selected, setSelected] = useState<string | null>(null);
  const maxRow = Math.max(-1, ...seats.map((s) => s.row ?? -1));
  const maxCol = Math.max(-1, ...seats.map((s) => s.col ?? -1));
  const [size, setSize] = useState({ rows: Math.max(6, maxRow + 2), cols: Math.max(10, maxCol + 2) });
  const save = useAction();
  const zoneAction = useAction();
  const [zoneName, setZoneName] = useState('');
  const changed = seats.filter((s) => s.changed);
  const zoneIndex = useMemo(() => (id: string) => zones.findIndex((z) => z.id === id), [zones]);
  const nameOf = (id: string) => zones.find((z) => z.id === id)?.name ?? '';

  const update = (number: string, patch: Partial<SeatInput>) =>
    setSeats((list) => list.map((s) => (s.number === number ? { ...s, ...patch, changed: true } : s)));

  const moveTo = (number: string, row: number, col: number) => {
    update(number, { row, col });
    setSelected(number);
  };

  const onCell = (row: number, col: number, seat: GridSeat | undefined) => {
    if (tool === 'move') {
      if (seat) return setSelected(seat.number);
      if (selected) moveTo(selected, row, col);
      return;
    }
    if (tool === 'select' || (tool === 'draw' && seat)) return setSelected(seat?.number ?? null);
    if (tool === 'erase') {
      if (!seat) return;
      if (!seat.saved) setSeats((list) => list.filter((s) => s.number !== seat.number));
      else update(seat.number, { status: 'out_of_service' });
      return;
    }
    if (!zoneId) return;
    const number = nextNumber(zones, zoneId, seats);
    const drawn: GridSeat = {
      number,
      zoneId,
      type: 'standard',
      features: [],
      status: 'active',
      lockId: null,
      sensorId: null,
      row,
      col,
      saved: false,
      changed: true,
    };
    setSeats((list) => [...list, drawn]);
    setSelected(number);
  };

  const saveAll = () =>
    void save.run(async () => {
      const body = changed.map(({ saved: _s, changed: _c, ...seat }) => seat);
      await api.send('PUT', `/manage/libraries/${libraryId}/seats`, SeatLayout, { seats: body }, PlacedSeats);
      reload();
    });

  const addZone = (e: FormEvent) => {
    e.preventDefault();
    void zoneAction.run(async () => {
      const zone = await api.post(
        `/manage/libraries/${libraryId}/zones`,
        NewZone,
        { name: zoneName.trim() },
        ZoneSchema,
      );
      setZoneName('');
      setZoneId(zone.id);
      reload();
    });
  };

  const selectedSeat = seats.find((s) => s.number === selected);
  const unplaced = seats.filter((s) => s.row === null || s.col === null);

  return (
    <div className="layout-editor">
      <div className="stack layout-side">
        <fieldset className="card">
          <legend>{t('zones')}</legend>
          {zones.length === 0 ? <p className="muted">{t('noZones')}</p> : null}
          <div className="zone-list" role="radiogroup" aria-label={t('drawZone')}>
            {zones.map((z, i) => (
              <label key={z.id} className="zone-choice">
                <input type="radio" name="zone" checked={zoneId === z.id} onChange={() => setZoneId(z.id)} />
                <span className={`swatch ${ZONE_COLOURS[i % ZONE_COLOURS.length]}`} aria-hidden="true" />
                {z.name}
                <span className="muted">
                  {' '}
                  ·{' '}
                  {t('seatCount', {
                    n: seats.filter((s) => s.zoneId === z.id && s.status === 'active').length,
                  })}
                </span>
              </label>
            ))}
          </div>
          <form className="row zone-add" onSubmit={addZone}>
            <label className="grow">
              {t('newZone')}
              <input
                required
                maxLength={100}
                value={zoneName}
                onChange={(e) => setZoneName(e.target.value)}
              />
            </label>
            <button type="submit" className="button" disabled={zoneAction.busy}>
              {t('addZone')}
            </button>
          </form>
          <FormError error={zoneAction.error} />
        </fieldset>
        <fieldset className="card">
          <legend>{t('tool')}</legend>
          <div className="row">
            {tools.map((x) => (
              <button
                key={x}
                type="button"
                className={tool === x ? 'chip chip-on' : 'chip'}
                aria-pressed={tool === x}
                onClick={() => setTool(x)}
              >
                {t(x)}
              </button>
            ))}
          </div>
          <p className="muted">{t(`${tool}Hint`)}</p>
        </fieldset>
        {selectedSeat ? (
          <SeatInspector
            seat={selectedSeat}
            zones={zones}
            onChange={(patch) => update(selectedSeat.number, patch)}
            onClose={() => setSelected(null)}
          />
        ) : null}
      </div>
      <div className="stack layout-main">
        <div className="row">
          <span aria-live="polite" data-testid="layout-summary">
            {t('summary', {
              seats: seats.filter((s) => s.status === 'active').length,
              changes: changed.length,
            })}
          </span>
          <button
            type="button"
            className="button"
            onClick={() => setSize((s) => ({ ...s, rows: Math.min(60, s.rows + 1) }))}
          >
            {t('addRow')}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => setSize((s) => ({ ...s, cols: Math.min(60, s.cols + 1) }))}
          >
            {t('addColumn')}
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={changed.length === 0 || save.busy}
            onClick={saveAll}
          >
            {t('saveLayout')}
          </button>
        </div>
        {save.busy ? <Progress label={t('savingLayout')} /> : null}
        <FormError error={save.error} />
        <SeatGrid
          rows={size.rows}
          cols={size.cols}
          seats={seats}
          zoneIndex={zoneIndex}
          zoneName={nameOf}
          selected={selected}
          onCell={onCell}
          onMove={moveTo}
        />
        {unplaced.length > 0 ? (
          <p className="muted">{t('unplaced', { list: unplaced.map((s) => s.number).join(', ') })}</p>
        ) : null}
      </div>
    </div>
  );
}
