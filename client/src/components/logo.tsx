import './logo.css';

/** Confide's mark: a speech bubble with a keyhole. Decorative; the name beside it is the label. */
export function Logo() {
  return (
    <svg className="logo" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M6 3h20a3 3 0 0 1 3 3v15a3 3 0 0 1-3 3H14l-6.4 4.8A1 1 0 0 1 6 28v-4a3 3 0 0 1-3-3V6a3 3 0 0 1 3-3Z"
      />
      <path className="logo__keyhole" d="M16 8a3 3 0 0 0-1.5 5.6L13.8 18h4.4l-.7-4.4A3 3 0 0 0 16 8Z" />
    </svg>
  );
}
