import { useEffect, useRef, type ReactNode, type Ref } from 'react';

import './notice.css';

/**
 * `info` and `caution` are calm; `error` says something failed; `urgent` is what to do when
 * someone is in danger; `security` is an error about keys that must not be skimmed past.
 */
export type NoticeTone = 'info' | 'caution' | 'error' | 'urgent' | 'security';

const TONE_CLASS: Record<NoticeTone, string> = {
  info: 'notice',
  caution: 'notice notice--caution',
  error: 'notice notice--error',
  urgent: 'notice notice--urgent',
  security: 'notice notice--error notice--security',
};

interface NoticeProps {
  tone?: NoticeTone | undefined;
  /** The first line, in bold. */
  title?: ReactNode;
  /**
   * `alert` for something that went wrong or needs acting on now (announced at once),
   * `status` for news that can wait its turn; none for a box that is there from the start.
   */
  role?: 'alert' | 'status' | undefined;
  /** Lets script move the focus here (tabIndex -1: not in the tab order). */
  focusable?: boolean | undefined;
  ref?: Ref<HTMLDivElement> | undefined;
  className?: string | undefined;
  children?: ReactNode;
}

/** A box for something a person should know: before going on, or about what just happened. */
export function Notice({ tone = 'info', title, role, focusable, ref, className, children }: NoticeProps) {
  return (
    <div
      className={className ? `${TONE_CLASS[tone]} ${className}` : TONE_CLASS[tone]}
      role={role}
      tabIndex={focusable ? -1 : undefined}
      ref={ref}
    >
      {title !== undefined && <p className="notice__title">{title}</p>}
      {children}
    </div>
  );
}

/**
 * An error a person must notice now: announced (role "alert") and given the focus whenever it
 * appears or changes, so keyboard and screen-reader users land on it. Nothing when null.
 */
export function ErrorAlert({ message }: { message: string | null }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (message !== null) ref.current?.focus();
  }, [message]);
  if (message === null) return null;
  return <Notice tone="error" role="alert" focusable ref={ref} title={message} />;
}

/** In place of a list that has nothing in it yet: what will appear here, and when. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-state__title">{title}</p>
      {children}
    </div>
  );
}
