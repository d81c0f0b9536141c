/**
 * What an owner does to one staff account after creating it: disable it (someone left — their
 * sign-ins end in the cloud at once and on the library's hub with its next sync), enable it again,
 * or set a new password (forgotten or leaked; also ends their sign-ins). PATCH /staff/{id}.
 * Both open a modal dialog, since each ends someone's working session.
 */
import { useMessages } from '@studyspot/app-kit';
import { useState } from 'react';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { staff as messages } from './messages-activity.ts';
import { common } from './messages-shell.ts';
import { type StaffAccount as Account, StaffAccount, StaffChange } from './schemas.ts';
import { FormError, useAction, useApi } from './ui.tsx';

type Open = 'status' | 'password' | null;

export function StaffActions({ account, onChanged }: { account: Account; onChanged: () => void }) {
  const { t } = useMessages(messages);
  const c = useMessages(common).t;
  const api = useApi();
  const change = useAction();
  const [open, setOpen] = useState<Open>(null);
  const [password, setPassword] = useState('');
  const disabling = account.status === 'active';

  const close = () => {
    setOpen(null);
    setPassword('');
    change.clear();
  };
  const send = (body: StaffChange) =>
    void change.run(async () => {
      await api.send('PATCH', `/staff/${account.id}`, StaffChange, body, StaffAccount);
      close();
      onChanged();
    });

  return (
    <div className="row">
      <button
        type="button"
        className={disabling ? 'button button-danger' : 'button'}
        onClick={() => setOpen('status')}
      >
        {disabling ? t('disable') : t('enable')}
      </button>
      <button type="button" className="button" onClick={() => setOpen('password')}>
        {t('newPassword')}
      </button>
      {open === 'status' ? (
        <ConfirmDialog
          title={t(disabling ? 'disableTitle' : 'enableTitle', { name: account.name })}
          confirmLabel={disabling ? t('disable') : t('enable')}
          cancelLabel={c('cancel')}
          busy={change.busy}
          danger={disabling}
          onConfirm={() => send({ status: disabling ? 'disabled' : 'active' })}
          onClose={close}
        >
          <p>{disabling ? t('disableNote') : t('enableNote')}</p>
          <FormError error={change.error} />
        </ConfirmDialog>
      ) : null}
      {open === 'password' ? (
        <ConfirmDialog
          title={t('passwordTitle', { name: account.name })}
          confirmLabel={t('setPassword')}
          cancelLabel={c('cancel')}
          busy={change.busy}
          onConfirm={() => send({ password })}
          onClose={close}
        >
          <p>{t('passwordNote')}</p>
          <label>
            {t('passwordLabel')}
            <input
              required
              type="password"
              minLength={10}
              maxLength={200}
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          <FormError error={change.error} />
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
