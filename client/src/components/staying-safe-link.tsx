import { Trans } from '@lingui/react/macro';
import { Link } from 'react-router';

/**
 * The way to the "Staying safe" page (/safety) from the top of the intake and the receipt page,
 * for someone who fears what another person may see on this device.
 */
export function StayingSafeLink() {
  return (
    <p className="muted no-print">
      <Trans>
        Using a shared device, or worried someone may see this? <Link to="/safety">Staying safe</Link>
      </Trans>
    </p>
  );
}
