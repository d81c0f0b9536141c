/**
 * A library's details and its publishing: the details form (PATCH /manage/libraries/{id}) and the
 * publish switch — a published library shows in students' search and can be booked remotely.
 */
import { useMessages } from '@studyspot/app-kit';
import { useState } from 'react';
import { bodyOf, draftOf, LibraryForm } from './library-form.tsx';
import type { SectionProps } from './library-screen.tsx';
import { library as messages } from './messages-library.ts';
import { common } from './messages-shell.ts';
import { LibraryPatch, ManagedLibrary } from './schemas.ts';
import { FormError, useAction, useApi } from './ui.tsx';

export function DetailsSection({ library, reload }: SectionProps) {
  const { t } = useMessages(messages);
  const c = useMessages(common).t;
  const api = useApi();
  const edit = useAction();
  const publish = useAction();
  const [saved, setSaved] = useState(false);
  const path = `/manage/libraries/${library.id}`;

  const togglePublished = () =>
    void publish.run(async () => {
      await api.send('PATCH', path, LibraryPatch, { published: !library.published }, ManagedLibrary);
      reload();
    });

  return (
    <div className="stack">
      <div className="card stack">
        <h2>{t('publishingTitle')}</h2>
        <p>{library.published ? t('publishedNote') : t('draftNote')}</p>
        <FormError error={publish.error} />
        <div className="row">
          <button
            type="button"
            className={library.published ? 'button' : 'button button-primary'}
            disabled={publish.busy}
            onClick={togglePublished}
          >
            {library.published ? t('unpublish') : t('publish')}
          </button>
        </div>
      </div>
      <h2>{t('secDetails')}</h2>
      <LibraryForm
        key={library.updatedAt}
        initial={draftOf(library)}
        action={edit}
        submitLabel={c('save')}
        onSubmit={(draft) =>
          void edit.run(async () => {
            setSaved(false);
            await api.send('PATCH', path, LibraryPatch, bodyOf(draft), ManagedLibrary);
            setSaved(true);
            reload();
          })
        }
      />
      {saved ? (
        <p role="status" className="ok-text">
          {c('saved')}
        </p>
      ) : null}
    </div>
  );
}
