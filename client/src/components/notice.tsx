import { useEffect, useRef, type ReactNode } from 'react';

interface NoticeProps {
  tone?: 'info' | 'caution';
  title: string;
  children?: ReactNode;
}

/** A calm, static box for something a person should know before going on. */
export function Notice({ tone = 'info', title, children }: NoticeProps) {
  return (
    <div className={`notice notice--${tone}`}>
      <p className="notice__title">{title}</p>
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
  return (
    <div className="notice notice--error" role="alert" tabIndex={-1} ref={ref}>
      <p className="notice__title">{message}</p>
    </div>
  );
}
