/**
 * One library's pages: its details (and publishing), the seat-layout editor, shifts, plans and
 * prices, policy, bookings, members, payments, invoices, reports, hubs and staff — one section at
 * a time under `#/libraries/{id}/{section}`, with the section list as a navigation bar (a row of
 * links that scrolls sideways on a phone).
 */
import { useMessages, useResource } from '@studyspot/app-kit';
import type { ReactNode } from 'react';
import { useEffect, useRef } from 'react';
import { BookingsSection } from './bookings-section.tsx';
import { DetailsSection } from './details-section.tsx';
import { HubsSection } from './hubs-section.tsx';
import { InvoicesSection } from './invoices-section.tsx';
import { LayoutEditor } from './layout-editor.tsx';
import { MembersSection } from './members-section.tsx';
import { library as messages } from './messages-library.ts';
import { PaymentsSection } from './payments-section.tsx';
import { PlansSection } from './plans-section.tsx';
import { PolicySection } from './policy-section.tsx';
import { ReportsSection } from './reports-section.tsx';
import { ManagedLibrary } from './schemas.ts';
import { ShiftsSection } from './shifts-section.tsx';
import { LibraryStaffSection } from './staff-screen.tsx';
import { ResourceView, useApi } from './ui.tsx';

export const sections = [
  'details',
  'layout',
  'shifts',
  'plans',
  'policy',
  'bookings',
  'members',
  'payments',
  'invoices',
  'reports',
  'hubs',
  'staff',
] as const;
export type Section = (typeof sections)[number];

const sectionKey = {
  details: 'secDetails',
  layout: 'secLayout',
  shifts: 'secShifts',
  plans: 'secPlans',
  policy: 'secPolicy',
  bookings: 'secBookings',
  members: 'secMembers',
  payments: 'secPayments',
  invoices: 'secInvoices',
  reports: 'secReports',
  hubs: 'secHubs',
  staff: 'secStaff',
} as const satisfies Record<Section, string>;

export interface SectionProps {
  library: ManagedLibrary;
  reload: () => void;
}

function sectionBody(section: Section, props: SectionProps): ReactNode {
  switch (section) {
    case 'details':
      return <DetailsSection {...props} />;
    case 'layout':
      return <LayoutEditor {...props} />;
    case 'shifts':
      return <ShiftsSection {...props} />;
    case 'plans':
      return <PlansSection {...props} />;
    case 'policy':
      return <PolicySection {...props} />;
    case 'bookings':
      return <BookingsSection {...props} />;
    case 'members':
      return <MembersSection {...props} />;
    case 'payments':
      return <PaymentsSection {...props} />;
    case 'invoices':
      return <InvoicesSection {...props} />;
    case 'reports':
      return <ReportsSection {...props} />;
    case 'hubs':
      return <HubsSection {...props} />;
    case 'staff':
      return <LibraryStaffSection {...props} />;
  }
}

export function LibraryScreen({ libraryId, section }: { libraryId: string; section: string }) {
  const { t } = useMessages(messages);
  const api = useApi();
  const current: Section = (sections as readonly string[]).includes(section)
    ? (section as Section)
    : 'details';
  const resource = useResource(() => api.get(`/manage/libraries/${libraryId}`, ManagedLibrary), [libraryId]);
  const nav = useRef<HTMLElement>(null);
  const ready = resource.data !== undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the section changes (the link moves)
  useEffect(() => {
    // on a phone the section links scroll sideways: keep the current one in view
    if (ready)
      nav.current
        ?.querySelector('[aria-current="page"]')
        ?.scrollIntoView({ block: 'nearest', inline: 'center' });
  }, [current, ready]);
  return (
    <ResourceView resource={resource}>
      {(library) => (
        <>
          <div className="screen-header">
            <p className="crumbs">
              <a href="#/">{t('librariesTitle')}</a>
            </p>
            <h1 tabIndex={-1} data-autofocus="">
              {library.name}{' '}
              <span className={library.published ? 'badge badge-ok' : 'badge badge-warn'}>
                {library.published ? t('published') : t('draft')}
              </span>
            </h1>
          </div>
          <nav ref={nav} className="section-nav" aria-label={t('libraryNav')}>
            {sections.map((s) => (
              <a
                key={s}
                href={`#/libraries/${libraryId}/${s}`}
                aria-current={s === current ? 'page' : undefined}
              >
                {t(sectionKey[s])}
              </a>
            ))}
          </nav>
          <section className="section-body" aria-label={t(sectionKey[current])}>
            {sectionBody(current, { library, reload: resource.reload })}
          </section>
        </>
      )}
    </ResourceView>
  );
}
