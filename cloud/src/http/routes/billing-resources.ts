/**
 * The billing, notification and reporting route files, for `resources` in app.ts (ADR 0012), and the
 * owner portal's lists of a library's bookings, members and payments.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { CloudEnv, RouteDeps } from '../env.ts';
import { invoiceRoutes } from './invoices.ts';
import { libraryActivityRoutes } from './library-activity.ts';
import { meRefundRoutes } from './me-refunds.ts';
import { notificationRoutes } from './notifications.ts';
import { paymentRoutes } from './payments.ts';
import { paymentWebhookMount } from './payments-webhooks.ts';
import { pushKeyRoutes } from './push-key.ts';
import { reportRoutes } from './reports.ts';
import { usageReportRoutes } from './reports-usage.ts';

export const billingResources: ((d: RouteDeps) => OpenAPIHono<CloudEnv>)[] = [
  paymentRoutes,
  paymentWebhookMount,
  invoiceRoutes,
  reportRoutes,
  usageReportRoutes,
  libraryActivityRoutes,
  notificationRoutes,
  meRefundRoutes,
  pushKeyRoutes,
];
