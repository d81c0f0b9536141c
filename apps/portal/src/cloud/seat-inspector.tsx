/**
 * The selected seat's properties: zone, type (standard, window, cabin, standing), in or out of
 * service, and taking it off the grid. The number is the seat's key in the bulk upsert, so it is
 * shown, not edited (renaming would make a second seat).
 */
import { useMessages } from '@studyspot/app-kit';
import type { Zone } from '@studyspot/core';
import { layout as messages } from './messages-library.ts';
import { common } from './messages-shell.ts';
import type { SeatInput } from './schemas.ts';
import type { GridSeat } from './seat-grid.tsx';

const types = ['standard', 'window', 'cabin', 'standing'] as const;

export function SeatInspector({
  seat,
  zones,
  onChange,
  onClose,
}: {
  seat: GridSeat;
  zones: Zone[];
  onChange: (patch: Partial<SeatInput>) => void;
  onClose: () => void;
}) {
  const { t } = useMessages(messages);
  const c = useMessages(common).t;
  return (
    <fieldset className="card stack" data-testid="seat-inspector">
      <legend>{t('seatTitle', { number: seat.number })}</legend>
      <label>
        {t('zone')}
        <select value={seat.zoneId} onChange={(e) => onChange({ zoneId: e.target.value })}>
          {zones.map((z) => (
            <option key={z.id} value={z.id}>
              {z.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('type')}
        <select value={seat.type} onChange={(e) => onChange({ type: e.target.value as SeatInput['type'] })}>
          {types.map((x) => (
            <option key={x} value={x}>
              {t(x)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {c('status')}
        <select
          value={seat.status}
          onChange={(e) => onChange({ status: e.target.value as SeatInput['status'] })}
        >
          <option value="active">{t('inService')}</option>
          <option value="out_of_service">{t('outOfService')}</option>
        </select>
      </label>
      <div className="row">
        <button type="button" className="button" onClick={() => onChange({ row: null, col: null })}>
          {t('takeOffGrid')}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {c('close')}
        </button>
      </div>
    </fieldset>
  );
}
