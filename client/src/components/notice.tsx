import type { ReactNode } from 'react';

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
