import { ErrorAlert, FormStatus } from '../../../../components/ui';
import type { Save } from './use-save';

/** Under a settings form: the confirmation of the last save, announced, or its error. */
export function SaveOutcome({ save }: { save: Pick<Save, 'done' | 'error'> }) {
  return (
    <>
      <FormStatus>{save.done !== null && <p>{save.done}</p>}</FormStatus>
      <ErrorAlert message={save.error} />
    </>
  );
}
