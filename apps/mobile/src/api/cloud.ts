/**
 * The cloud calls the student app makes, one function each, every body checked against its schema
 * before it leaves (kit ApiClient) and every answer parsed. Screens call these, never `fetch`.
 */
import type { ApiClient } from '@studyspot/app-kit';
import {
  BookingRequest,
  MyBooking,
  MyMembership,
  NewBookingRequest,
  NewPayment,
  type SlotRequest,
} from '@studyspot/core';
import { z } from 'zod';
import {
  HubCommand,
  MyRequest,
  NoBody,
  OtpRequest,
  OtpSent,
  OtpVerify,
  PassSeed,
  Payment,
  Profile,
  ProfilePatch,
  PublicLibrary,
  pageOf,
  RefreshRequest,
  RefundQuote,
  SearchPage,
  TokenPair,
} from './schemas.ts';

export interface SearchFilters {
  q?: string | undefined;
  near?: { lat: number; lng: number } | undefined;
  radiusKm?: number | undefined;
  amenities?: string[] | undefined;
  maxPricePaise?: number | undefined;
  openNow?: boolean | undefined;
  cursor?: string | undefined;
}

export const PAGE_SIZE = 10;

export const requestOtp = (api: ApiClient, phone: string) =>
  api.post('/auth/otp/request', OtpRequest, { phone, channel: 'sms' }, OtpSent);

export const verifyOtp = (api: ApiClient, phone: string, code: string) =>
  api.post('/auth/otp/verify', OtpVerify, { phone, code }, TokenPair);

export const logout = (api: ApiClient, refreshToken: string) =>
  api.post('/auth/logout', RefreshRequest, { refreshToken }, z.null());

export const myProfile = (api: ApiClient) => api.get('/me', Profile);

export const updateProfile = (api: ApiClient, patch: z.input<typeof ProfilePatch>) =>
  api.send('PATCH', '/me', ProfilePatch, patch, Profile);

export function searchLibraries(api: ApiClient, f: SearchFilters) {
  return api.get('/libraries/search', SearchPage, {
    q: f.q?.trim() || undefined,
    lat: f.near?.lat,
    lng: f.near?.lng,
    radiusKm: f.near ? (f.radiusKm ?? 25) : undefined,
    amenities: f.amenities?.length ? f.amenities.join(',') : undefined,
    maxPricePaise: f.maxPricePaise,
    openNow: f.openNow ? 'true' : undefined,
    limit: PAGE_SIZE,
    cursor: f.cursor,
  });
}

export const libraryPage = (api: ApiClient, id: string) => api.get(`/libraries/${id}`, PublicLibrary);

export const createBookingRequest = (
  api: ApiClient,
  body: { libraryId: string; zoneId: string; slot: SlotRequest },
) => api.post('/booking-requests', NewBookingRequest, body, BookingRequest);

export const cancelRequest = (api: ApiClient, id: string) =>
  api.send('DELETE', `/booking-requests/${id}`, NoBody.optional(), undefined, BookingRequest);

const lists = {
  requests: ['/me/booking-requests', pageOf(MyRequest)],
  bookings: ['/me/bookings', pageOf(MyBooking)],
  memberships: ['/me/memberships', pageOf(MyMembership)],
} as const;

export const myRequests = (api: ApiClient, cursor?: string) =>
  api.get(lists.requests[0], lists.requests[1], { limit: 50, cursor });
export const myBookings = (api: ApiClient, cursor?: string) =>
  api.get(lists.bookings[0], lists.bookings[1], { limit: 50, cursor });
export const myMemberships = (api: ApiClient, cursor?: string) =>
  api.get(lists.memberships[0], lists.memberships[1], { limit: 50, cursor });

export const cancelBooking = (api: ApiClient, id: string) =>
  api.post(`/me/bookings/${id}/cancel`, NoBody, {}, HubCommand);

export const refundQuote = (api: ApiClient, bookingId: string) =>
  api.get(`/me/bookings/${bookingId}/refund`, RefundQuote);

export const passSeed = (api: ApiClient, bookingId: string) =>
  api.get(`/me/bookings/${bookingId}/pass`, PassSeed);

export const startPayment = (api: ApiClient, body: NewPayment) =>
  api.post('/payments', NewPayment, body, Payment);

export const paymentStatus = (api: ApiClient, id: string) => api.get(`/payments/${id}`, Payment);
