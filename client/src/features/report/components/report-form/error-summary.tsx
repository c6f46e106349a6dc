import { Plural } from '@lingui/react/macro';
import type { Ref } from 'react';

import type { FieldError } from '../../model/draft';
import './error-summary.css';

interface ErrorSummaryProps {
  errors: readonly FieldError[];
  ref: Ref<HTMLDivElement>;
}

/**
 * The problems of a form, listed at its top with links to each field. It takes focus when a
 * submission is refused, so keyboard and screen-reader users start from the list.
 */
export function ErrorSummary({ errors, ref }: ErrorSummaryProps) {
  const unique = errors.filter((e, i) => errors.findIndex((other) => other.message === e.message) === i);
  const count = unique.length;
  return (
    <div ref={ref} tabIndex={-1} className={count > 0 ? 'error-summary' : undefined}>
      {count > 0 && (
        <>
          <p className="error-summary__title" role="alert">
            <Plural
              value={count}
              one="Please check one thing before sending"
              other="Please check # things before sending"
            />
          </p>
          <ul className="error-summary__list">
            {unique.map((error) => (
              <li key={`${error.field}:${error.message}`}>
                <a
                  href={`#${error.field}`}
                  onClick={(event) => {
                    // Focus the field without changing the address (the router would treat it as navigation).
                    event.preventDefault();
                    const target = document.getElementById(error.field);
                    target?.focus();
                    target?.scrollIntoView({ block: 'center' });
                  }}
                >
                  {error.message}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
