import { useEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

export interface ConfirmButtonProps {
  /** The button's own content and class. */
  children: ReactNode;
  className?: string;
  disabled?: boolean;
  /** -1 inside a widget that keeps one tab stop (a grid row). */
  tabIndex?: number;
  /** Accessible name of the button (e.g. "Disconnect alice"). */
  ariaLabel?: string;
  /** When set, the first click asks this question instead of acting (e.g. "Stop the server? 12 peers…"). */
  confirm: string | null;
  /** The confirming button's text (e.g. "Stop server"); the other one says `cancelLabel`. */
  confirmLabel: string;
  cancelLabel?: string;
  onConfirm: () => void;
  testId?: string;
}

/**
 * A button for an action that cuts people off: when `confirm` is set (peers are connected) it first asks,
 * in a small popover next to it (focus on the safe choice, Escape or a click elsewhere cancels); else it
 * acts at once.
 */
/** Height the question needs below its button; with less room it opens above. */
const POP_ROOM_PX = 160;

export function ConfirmButton(props: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const [place, setPlace] = useState<CSSProperties>({});
  const wrap = useRef<HTMLSpanElement>(null);
  const pop = useRef<HTMLSpanElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!asking) return;
    cancelRef.current?.focus();
    const onDown = (e: MouseEvent) => {
      const target = e.target as Node;
      if (!wrap.current?.contains(target) && !pop.current?.contains(target)) setAsking(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [asking]);

  // Nothing to ask any more (the last peer left, the button got disabled): close the question.
  useEffect(() => {
    if (props.disabled || props.confirm === null) setAsking(false);
  }, [props.disabled, props.confirm]);

  return (
    <span className="confirm-wrap" ref={wrap}>
      <button
        type="button"
        className={props.className}
        disabled={props.disabled}
        tabIndex={props.tabIndex}
        aria-label={props.ariaLabel}
        aria-expanded={props.confirm !== null ? asking : undefined}
        data-testid={props.testId}
        onClick={(e) => {
          e.stopPropagation();
          if (props.confirm === null) return props.onConfirm();
          // The question is drawn in a portal on <body>, fixed under the button, so a scrolling table or a
          // virtualised row can never clip it.
          const r = e.currentTarget.getBoundingClientRect();
          const right = Math.max(8, window.innerWidth - r.right);
          // Under the button, or above it when the button sits near the bottom of the window.
          setPlace(window.innerHeight - r.bottom >= POP_ROOM_PX ? { top: r.bottom + 6, right } : { bottom: window.innerHeight - r.top + 6, right });
          setAsking((a) => !a);
        }}
      >
        {props.children}
      </button>
      {asking &&
        props.confirm !== null &&
        createPortal(
          <span
            ref={pop}
            style={place}
            className="confirm-pop"
            role="alertdialog"
            aria-label={props.confirm}
            onClick={(e) => e.stopPropagation()}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.stopPropagation();
                setAsking(false);
              }
            }}
          >
            <span className="confirm-text">{props.confirm}</span>
            <span className="confirm-actions">
              <button
                type="button"
                className="btn btn-small btn-danger"
                onClick={() => {
                  setAsking(false);
                  props.onConfirm();
                }}
              >
                {props.confirmLabel}
              </button>
              <button type="button" className="btn btn-small" ref={cancelRef} onClick={() => setAsking(false)}>
                {props.cancelLabel ?? 'Cancel'}
              </button>
            </span>
          </span>,
          document.body,
        )}
    </span>
  );
}
