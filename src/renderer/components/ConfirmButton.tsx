import { useEffect, useRef, useState, type CSSProperties, type ReactNode, type RefObject } from 'react';
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

/** Height the question needs below its button; with less room it opens above. */
const POP_ROOM_PX = 160;

/** Where the question goes for a button: fixed under it, or above it near the bottom of the window. */
export function placeFor(button: Element): CSSProperties {
  const r = button.getBoundingClientRect();
  const right = Math.max(8, window.innerWidth - r.right);
  return window.innerHeight - r.bottom >= POP_ROOM_PX ? { top: r.bottom + 6, right } : { bottom: window.innerHeight - r.top + 6, right };
}

export interface ConfirmQuestionProps {
  /** The question (also the dialog's accessible name). */
  question: string;
  confirmLabel: string;
  cancelLabel?: string;
  /** From `placeFor(button)`. */
  place: CSSProperties;
  /** Clicks inside this element do not cancel (the button that opened the question toggles it itself). */
  anchor: RefObject<Element | null>;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * The question of a confirm button, in a portal on <body> (a scrolling table or a virtualised row can never
 * clip it): focus on the safe choice; Escape or a click elsewhere cancels.
 */
export function ConfirmQuestion({ question, confirmLabel, cancelLabel, place, anchor, onConfirm, onCancel }: ConfirmQuestionProps) {
  const pop = useRef<HTMLSpanElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const cancel = useRef(onCancel);
  cancel.current = onCancel;
  useEffect(() => {
    cancelRef.current?.focus();
    const onDown = (e: MouseEvent) => {
      const target = e.target as Node;
      if (!anchor.current?.contains(target) && !pop.current?.contains(target)) cancel.current();
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [anchor]);
  return createPortal(
    <span
      ref={pop}
      style={place}
      className="confirm-pop"
      role="alertdialog"
      aria-label={question}
      onClick={(e) => e.stopPropagation()}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <span className="confirm-text">{question}</span>
      <span className="confirm-actions">
        <button type="button" className="btn btn-small btn-danger" onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" className="btn btn-small" ref={cancelRef} onClick={onCancel}>
          {cancelLabel ?? 'Cancel'}
        </button>
      </span>
    </span>,
    document.body,
  );
}

/**
 * A button for an action that cuts people off: when `confirm` is set (peers are connected) it first asks,
 * in a small popover next to it (focus on the safe choice, Escape or a click elsewhere cancels); else it
 * acts at once.
 */
export function ConfirmButton(props: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const [place, setPlace] = useState<CSSProperties>({});
  const wrap = useRef<HTMLSpanElement>(null);

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
          setPlace(placeFor(e.currentTarget));
          setAsking((a) => !a);
        }}
      >
        {props.children}
      </button>
      {asking && props.confirm !== null && (
        <ConfirmQuestion
          question={props.confirm}
          confirmLabel={props.confirmLabel}
          cancelLabel={props.cancelLabel}
          place={place}
          anchor={wrap}
          onConfirm={() => {
            setAsking(false);
            props.onConfirm();
          }}
          onCancel={() => setAsking(false)}
        />
      )}
    </span>
  );
}
