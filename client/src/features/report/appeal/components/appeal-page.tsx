/**
 * The public appeal page (docs/protocol.md 10.9): a sanctioned user arrives with the reference from
 * the team's notice. The reference is checked (POST /api/appeals/check), the team named, and the
 * appeal written, encrypted and sent exactly as a report to that team (report/model/submit.ts),
 * carrying the reference. What comes back is a receipt of its own, for the team's answer.
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { useRef, useState } from 'react';
import { Link } from 'react-router';

import { ProofOfWorkNotice } from '../../../../components/proof-of-work-notice';
import { Notice, PageHeading } from '../../../../components/ui';
import { useNeutralDocumentTitle } from '../../../../hooks/use-document-title';
import { ApiError } from '../../../../lib/api-client';
import { loadCrypto } from '../../../../lib/load-crypto';
import { solvingState, type SolvingState } from '../../../../lib/proof-of-work/notice';
import { checkAppeal } from '../api/check-appeal';
import { checkReferenceInput, refusalMessage } from '../model/appeal';
import { AppealForm } from './appeal-form';
import { AppealSent, type SentAppeal } from './appeal-sent';
import { EnterReference } from './enter-reference';
import { errorText } from '../../../../lib/error-words';

type Stage =
  | { kind: 'enter'; error?: string }
  | { kind: 'checking'; solving?: SolvingState }
  | { kind: 'write'; slug: string; reference: string }
  | { kind: 'sent'; sent: SentAppeal }
  | { kind: 'finished'; teamName: string };

export function AppealPage() {
  const { t } = useLingui();
  useNeutralDocumentTitle();
  const [stage, setStage] = useState<Stage>({ kind: 'enter' });
  const checking = useRef(false);

  async function check(typed: string) {
    if (checking.current) return;
    checking.current = true;
    try {
      const C = await loadCrypto().catch(() => undefined);
      if (!C) {
        setStage({
          kind: 'enter',
          error: t`This page could not load what it needs. Check your connection and try again.`,
        });
        return;
      }
      const input = checkReferenceInput(C, typed);
      if (!input.ok) {
        setStage({ kind: 'enter', error: input.message });
        return;
      }
      setStage({ kind: 'checking' });
      try {
        const result = await checkAppeal(input.reference, {
          // Over the address's limit, the browser does a short check first: say so meanwhile.
          onProofOfWork: (event) => setStage({ kind: 'checking', ...optionalSolving(solvingState(event)) }),
        });
        if (result.kind === 'refused') {
          setStage({ kind: 'enter', error: refusalMessage(result.code, result.appealAfter) });
          return;
        }
        setStage({ kind: 'write', slug: result.team, reference: input.reference });
        requestAnimationFrame(() => document.getElementById('appeal-form-heading')?.focus());
      } catch (error) {
        setStage({ kind: 'enter', error: checkProblemMessage(error) });
      }
    } finally {
      checking.current = false;
    }
  }

  switch (stage.kind) {
    case 'sent':
      return (
        <AppealSent
          sent={stage.sent}
          onFinish={() => {
            setStage({ kind: 'finished', teamName: stage.sent.teamName });
            window.scrollTo(0, 0);
            requestAnimationFrame(() => document.querySelector<HTMLElement>('h1')?.focus());
          }}
        />
      );
    case 'write':
      return (
        <>
          <PageHeading>
            <Trans>Appeal a decision</Trans>
          </PageHeading>
          <AppealForm
            slug={stage.slug}
            reference={stage.reference}
            onSent={(sent) => {
              setStage({ kind: 'sent', sent });
              window.scrollTo(0, 0);
              requestAnimationFrame(() => document.querySelector<HTMLElement>('h1')?.focus());
            }}
            onRefused={(message) => setStage({ kind: 'enter', error: message })}
          />
        </>
      );
    case 'finished': {
      const teamName = stage.teamName;
      return (
        <>
          <PageHeading>
            <Trans>Appeal a decision</Trans>
          </PageHeading>
          <Notice title={t`Your appeal to ${teamName} was sent`}>
            <p>
              <Trans>
                Come back with your receipt at any time to read the team’s answer:{' '}
                <Link to="/receipt">return with your receipt</Link>.
              </Trans>
            </p>
          </Notice>
        </>
      );
    }
    case 'enter':
    case 'checking':
      return (
        <>
          <EnterReference
            error={stage.kind === 'enter' ? stage.error : undefined}
            busy={stage.kind === 'checking'}
            onCheck={(typed) => void check(typed)}
          />
          <ProofOfWorkNotice solving={stage.kind === 'checking' ? stage.solving : undefined} />
        </>
      );
  }
}

/** exactOptionalPropertyTypes: no `solving: undefined`. */
function optionalSolving(solving: SolvingState | undefined): { solving?: SolvingState } {
  return solving ? { solving } : {};
}

/** What to say when the check itself failed (the network, the server, too many attempts). */
function checkProblemMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429 && error.code !== 'proof_of_work_failed') {
      return i18n._(msg`There have been too many attempts from here. Please wait a minute, then try again.`);
    }
    return errorText(
      error,
      i18n._(msg`Something went wrong while checking your reference. Please try again.`),
    );
  }
  return i18n._(msg`Something went wrong while checking your reference. Please try again.`);
}
