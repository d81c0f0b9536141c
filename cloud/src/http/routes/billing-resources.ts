/** The billing and notification route files, for `resources` in app.ts (ADR 0012). */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { CloudEnv, RouteDeps } from '../env.ts';
import { invoiceRoutes } from './invoices.ts';
import { notificationRoutes } from './notifications.ts';
import { paymentRoutes } from './payments.ts';
import { paymentWebhookMount } from './payments-webhooks.ts';
import { reportRoutes } from './reports.ts';

export const billingResources: ((d: RouteDeps) => OpenAPIHono<CloudEnv>)[] = [
  paymentRoutes,
  paymentWebhookMount,
  invoiceRoutes,
  reportRoutes,
  notificationRoutes,
];
