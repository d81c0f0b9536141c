/**
 * A modal dialog for a consequential action (cancel a booking, refund, unpair a hub): the native
 * `<dialog>` shown with `showModal()`, so focus moves into it and stays there, Escape closes it,
 * and the page behind is inert — keyboard and screen-reader behaviour come from the browser.
 */
import type { FormEvent, ReactNode } from 'react';
import { useEffect, useRef } from 'react';

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  cancelLabel,
  busy,
  danger,
  onConfirm,
  onClose,
}: {
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  busy: boolean;
  danger?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    // No cleanup that closes it: React may re-run this effect on the same element (StrictMode),
    // and a close() would fire `close` and dismiss the dialog at once. Unmounting removes the
    // element, which ends its modality anyway.
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onConfirm();
  };
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="dialog-title" onClose={onClose} onCancel={onClose}>
      <form className="stack" onSubmit={submit}>
        <h2 id="dialog-title">{title}</h2>
        {children}
        <div className="row">
          <button
            type="submit"
            className={danger ? 'button button-danger-solid' : 'button button-primary'}
            disabled={busy}
          >
            {confirmLabel}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {cancelLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
