/**
 * An owner's libraries (GET /manage/libraries, paged), each opening its own pages, and the form
 * that creates one (POST /manage/libraries). A new library starts unpublished; the owner draws its
 * seats next, so creation lands on the layout editor.
 */
import { useMessages } from '@studyspot/app-kit';
import { bodyOf, emptyDraft, LibraryForm } from './library-form.tsx';
import { library as messages } from './messages-library.ts';
import { byCursor, PAGE_SIZE, usePaged } from './paging.ts';
import { LibraryPage, ManagedLibrary, NewLibrary } from './schemas.ts';
import { PagedView, ScreenHeader, useAction, useApi } from './ui.tsx';

function CreateLibrary() {
  const { t } = useMessages(messages);
  const api = useApi();
  const action = useAction();
  return (
    <>
      <ScreenHeader title={t('createTitle')}>
        <a className="button" href="#/">
          {t('backToLibraries')}
        </a>
      </ScreenHeader>
      <LibraryForm
        initial={emptyDraft()}
        action={action}
        submitLabel={t('createLibrary')}
        onSubmit={(draft) =>
          void action.run(async () => {
            const created = await api.post('/manage/libraries', NewLibrary, bodyOf(draft), ManagedLibrary);
            location.hash = `/libraries/${created.id}/layout`;
          })
        }
      />
    </>
  );
}

export function LibrariesScreen({ creating }: { creating: boolean }) {
  const { t } = useMessages(messages);
  const api = useApi();
  const paged = usePaged(
    async (cursor) => byCursor(await api.get('/manage/libraries', LibraryPage, { limit: PAGE_SIZE, cursor })),
    [],
  );
  if (creating) return <CreateLibrary />;
  return (
    <>
      <ScreenHeader title={t('librariesTitle')}>
        <a className="button button-primary" href="#/libraries/new">
          {t('newLibrary')}
        </a>
      </ScreenHeader>
      <PagedView paged={paged} empty={t('noLibraries')}>
        {(items) => (
          <ul className="card-list">
            {items.map((l) => (
              <li key={l.id} className="card library-card">
                <h2>
                  <a href={`#/libraries/${l.id}`}>{l.name}</a>
                </h2>
                <p className="muted">
                  {l.address.line1}, {l.address.city}
                </p>
                <span className={l.published ? 'badge badge-ok' : 'badge badge-warn'}>
                  {l.published ? t('published') : t('draft')}
                </span>
              </li>
            ))}
          </ul>
        )}
      </PagedView>
    </>
  );
}
