import { useLingui } from '@lingui/react/macro';
import { useEffect, useRef } from 'react';

import { Notice } from '../../../../components/ui';

/**
 * What stops a form from going on: one problem as the notice's title, several as a list. It
 * takes the focus whenever it changes, so keyboard and screen-reader users land on it.
 */
export function ProblemList({ problems }: { problems: readonly string[] }) {
  const { t } = useLingui();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problems.length > 0) ref.current?.focus();
  }, [problems]);
  if (problems.length === 0) return null;
  return (
    <Notice
      tone="error"
      role="alert"
      focusable
      ref={ref}
      title={problems.length === 1 ? problems[0] : t`Please check these before going on:`}
    >
      {problems.length > 1 && (
        <ul>
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </Notice>
  );
}
