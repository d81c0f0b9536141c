import type { Policy } from '@studyspot/core';
export interface HubData {
  file: string;
  memberIds: string[];
  seatIds: string[];
  /** Tomorrow in Kolkata, so every slot on or after it is in the future for the whole run. */
  firstDate: string;
}
export declare function prepareHubData(
  dir: string,
  count: number,
  policy?: Partial<Policy>,
): Promise<HubData>;
/** Booking k of a stream: seat k % 60 at hour (k / 60) % 16 on day k / 960, member k % 60. */
export declare function distinctBooking(
  data: HubData,
  k: number,
): {
  seatId: string;
  memberId: string;
  slot: {
    kind: 'hours';
    date: string;
    start: string;
    hours: number;
  };
  payment: {
    method: 'cash';
  };
};
