/**
 * A modal dialog on the native <dialog> (showModal makes the page behind it inert), plus what
 * keyboard users need on top: Tab and Shift+Tab cycle inside it, Escape closes it, the first field
 * takes focus on open, and focus returns to the button that opened it.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function ModalDialog(props: { title: string; titleId: string; onClose: () => void; children: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return undefined;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    const first = dialog.querySelector<HTMLElement>('[data-autofocus]') ?? dialog.querySelector<HTMLElement>(FOCUSABLE);
    first?.focus();
    return () => {
      if (dialog.open) dialog.close();
      opener?.focus();
    };
  }, []);

  const onKeyDown = (event: KeyboardEvent): void => {
    const dialog = ref.current;
    if (!dialog || event.key !== 'Tab') return;
    const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null || el === document.activeElement);
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog
      ref={ref}
      class="modal"
      aria-labelledby={props.titleId}
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        // Escape: close through our state, so the component unmounts and focus goes back.
        event.preventDefault();
        props.onClose();
      }}
    >
      <div class="modal-head">
        <h2 id={props.titleId}>{props.title}</h2>
        <button type="button" class="icon-button" onClick={props.onClose} aria-label="Close">
          ×
        </button>
      </div>
      {props.children}
    </dialog>
  );
}
