import { encode } from 'uqr';

import { qrModulesPath } from '../../model/qr-code';

/**
 * A QR code drawn as SVG elements by React (no injected markup, no inline style: the page's
 * Content-Security-Policy allows neither). `label` says what it holds, for screen readers.
 */
export function QrCode({ value, label }: { value: string; label: string }) {
  // A border of four modules: the quiet zone readers need around the code.
  const { size, data } = encode(value, { ecc: 'M', border: 4 });
  return (
    <svg
      className="account-qr"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${size} ${size}`}
      shapeRendering="crispEdges"
      xmlns="http://www.w3.org/2000/svg"
    >
      <rect width={size} height={size} fill="#ffffff" />
      <path d={qrModulesPath(data)} fill="#000000" />
    </svg>
  );
}
