// A catalog as @lingui/vite-plugin compiles it when a `.po` file is imported.
declare module '*.po' {
  import type { Messages } from '@lingui/core';

  export const messages: Messages;
}
