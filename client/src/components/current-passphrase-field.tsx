import { useLingui } from '@lingui/react/macro';
import { useId } from 'react';

import { TextField } from './ui';

/**
 * The passphrase someone already has, typed to sign in or unlock (not chosen: that is
 * PassphraseFields). Marked as the current password so password managers fill it.
 */
export function CurrentPassphraseField({
  value,
  onChange,
}: {
  value: string;
  onChange: (value: string) => void;
}) {
  const { t } = useLingui();
  const id = useId();
  return (
    <TextField
      id={id}
      label={t`Passphrase`}
      name="passphrase"
      type="password"
      autoComplete="current-password"
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
