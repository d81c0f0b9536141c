/**
 * The seat map as a table of cells (rows × columns, matching the seats' `row`/`col`): each cell a
 * button showing its seat in its zone's colour, or empty. One cell is in the tab order at a time
 * (a roving tab index): arrow keys move between cells, Home/End to the row's ends, Enter or Space
 * acts with the current tool — so the whole editor works from the keyboard. A seat can also be
 * dragged onto an empty cell with the mouse (`onMove`); the keyboard way is the editor's "move"
 * tool (pick a seat up with Enter, put it down on an empty cell with Enter).
 */
import { useMessages } from '@studyspot/app-kit';
import type { DragEvent, KeyboardEvent } from 'react';
import { useRef, useState } from 'react';
import { layout as messages } from './messages-library.ts';
import type { SeatInput } from './schemas.ts';

export interface GridSeat extends SeatInput {
  /** Saved on the server (false: drawn here, not saved yet). */
  saved: boolean;
  changed: boolean;
}

export const ZONE_COLOURS = ['zone-0', 'zone-1', 'zone-2', 'zone-3', 'zone-4', 'zone-5'] as const;

type Cell = { row: number; col: number };

/** The drag payload's type: only a seat from this grid is a valid drop. */
const SEAT_TYPE = 'application/x-studyspot-seat';

/** Where an arrow, Home or End key moves focus from `at` (null: not a grid key). */
function step(key: string, at: Cell, cols: number): Cell | null {
  switch (key) {
    case 'ArrowUp':
      return { row: at.row - 1, col: at.col };
    case 'ArrowDown':
      return { row: at.row + 1, col: at.col };
    case 'ArrowLeft':
      return { row: at.row, col: at.col - 1 };
    case 'ArrowRight':
      return { row: at.row, col: at.col + 1 };
    case 'Home':
      return { row: at.row, col: 0 };
    case 'End':
      return { row: at.row, col: cols - 1 };
    default:
      return null;
  }
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export function SeatGrid({
  rows,
  cols,
  seats,
  zoneIndex,
  zoneName,
  selected,
  onCell,
  onMove,
}: {
  rows: number;
  cols: number;
  seats: GridSeat[];
  zoneIndex: (zoneId: string) => number;
  zoneName: (zoneId: string) => string;
  selected: string | null;
  onCell: (row: number, col: number, seat: GridSeat | undefined) => void;
  /** A seat dropped on an empty cell. */
  onMove: (number: string, row: number, col: number) => void;
}) {
  const { t } = useMessages(messages);
  const [focus, setFocus] = useState({ row: 0, col: 0 });
  const ref = useRef<HTMLTableElement>(null);
  const at = new Map(
    seats.filter((s) => s.row !== null && s.col !== null).map((s) => [`${s.row}:${s.col}`, s]),
  );

  const move = (row: number, col: number) => {
    const next = { row: Math.max(0, Math.min(rows - 1, row)), col: Math.max(0, Math.min(cols - 1, col)) };
    setFocus(next);
    ref.current?.querySelector<HTMLButtonElement>(`[data-cell="${next.row}:${next.col}"]`)?.focus();
  };
  const onKey = (e: KeyboardEvent) => {
    const target = step(e.key, focus, cols);
    if (target) {
      e.preventDefault();
      move(target.row, target.col);
    }
  };

  const onDrop = (row: number, col: number) => (e: DragEvent) => {
    const number = e.dataTransfer.getData(SEAT_TYPE);
    if (!number || at.has(`${row}:${col}`)) return;
    e.preventDefault();
    onMove(number, row, col);
  };

  return (
    <div className="grid-scroll">
      <table ref={ref} className="seat-grid" aria-label={t('gridLabel')} onKeyDown={onKey}>
        <tbody>
          {range(rows).map((row) => (
            <tr key={row}>
              {range(cols).map((col) => {
                const seat = at.get(`${row}:${col}`);
                const where = t('cellWhere', { row: row + 1, col: col + 1 });
                const label = seat
                  ? `${where}: ${t('seatIn', { number: seat.number, zone: zoneName(seat.zoneId) })}${
                      seat.status === 'out_of_service' ? `, ${t('outOfService')}` : ''
                    }`
                  : `${where}: ${t('emptyCell')}`;
                const classes = [
                  'cell',
                  seat ? ZONE_COLOURS[zoneIndex(seat.zoneId) % ZONE_COLOURS.length] : 'cell-empty',
                  seat?.status === 'out_of_service' ? 'cell-off' : '',
                  seat && !seat.saved ? 'cell-new' : '',
                  seat && seat.number === selected ? 'cell-selected' : '',
                ];
                return (
                  <td key={col}>
                    <button
                      type="button"
                      data-cell={`${row}:${col}`}
                      data-seat={seat?.number}
                      className={classes.filter(Boolean).join(' ')}
                      tabIndex={focus.row === row && focus.col === col ? 0 : -1}
                      aria-label={label}
                      aria-pressed={seat ? seat.number === selected : undefined}
                      onFocus={() => setFocus({ row, col })}
                      onClick={() => onCell(row, col, seat)}
                      draggable={seat !== undefined}
                      onDragStart={(e) => {
                        if (!seat) return;
                        e.dataTransfer.setData(SEAT_TYPE, seat.number);
                        e.dataTransfer.effectAllowed = 'move';
                      }}
                      onDragOver={(e) => {
                        // Only an empty cell accepts a drop: preventDefault marks it a target.
                        if (!seat && e.dataTransfer.types.includes(SEAT_TYPE)) e.preventDefault();
                      }}
                      onDrop={onDrop(row, col)}
                    >
                      {seat?.number ?? ''}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
