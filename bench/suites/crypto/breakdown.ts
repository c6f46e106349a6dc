// Diagnostics: where the time of "encrypt" and "open" goes, one public call of
// crypto/index.ts at a time, each next to the same step in sodium-native. The
// rows of the main table are the sum of these plus the signature, the hash and
// JSON (sealReport), or are exactly these three (verifyAndOpenReport).

import * as confide from '../../../crypto/index.js';
import type { ReportKey } from '../../../crypto/index.js';
import { ms } from '../../lib/format.js';
import { compare, type MeasureOptions } from '../../lib/measure.js';
import type { Reporter } from '../../lib/reporter.js';
import {
  nativeBoxKeyPair,
  nativeContentKey,
  nativeGrantKey,
  nativeOpenEnvelope,
  nativeSealEnvelope,
  nativeSealReport,
  nativeSignKeyPair,
  nativeUnwrapKey,
  nativeVerifyReport,
} from '../../reference/native.js';
import { reportBody } from './fixtures.js';

export async function runBreakdown(
  report: Reporter,
  members: number,
  options: MeasureOptions,
): Promise<void> {
  await confide.ready();
  const grants = members + 1;
  report.group(`diagnostics: encrypt and open a 10 KB report (${members} members), step by step`);
  const { bytes: body, text } = reportBody(10 * 1024);

  // Ours, through the public API.
  const team = confide.generateId();
  const id = confide.generateId();
  const roster = Array.from({ length: grants }, () => ({
    id: confide.generateId(),
    keys: confide.generateMemberKeys(),
  }));
  const recipients = roster.map((m) => ({ id: m.id, boxPublicKey: m.keys.enc.publicKey }));
  const reporter = confide.deriveReceiptKeys(confide.generateReceipt());
  const sealed = confide.sealReport({
    team,
    id,
    body: JSON.parse(text) as confide.ReportBody,
    recipients: recipients.slice(1),
    reporter,
  });
  const grant = sealed.report.grants.find((g) => g.to === 'reporter')!.k;
  const reporterBox = reporter.box;
  const oursReport = { team, id, payload: sealed.report.payload, sig: sealed.report.sig };
  const signPk = confide.signPublicKeyFromBase64(sealed.report.reporter.sign_pk);
  const key: ReportKey = confide.generateReportKey();
  const oursKey = confide.unwrapReportKey(grant, reporterBox);

  // sodium-native, the same steps.
  const nRoster = Array.from({ length: grants }, () => ({ id: confide.generateId(), ...nativeBoxKeyPair() }));
  const nMe = nRoster[0]!;
  const nKey = nativeContentKey();
  const nReport = nativeSealReport({ team, id, body, recipients: nRoster, signKeyPair: nativeSignKeyPair() });
  const nGrant = nReport.grants[0]!.k;
  const nOpenKey = nativeUnwrapKey(nGrant, nMe);
  const context = { kind: 'report', team, id };

  const steps: readonly { name: string; ours: () => unknown; native: () => unknown }[] = [
    {
      name: 'sealEnvelope: pad, AEAD, base64',
      ours: () => confide.sealEnvelope(body, key, context),
      native: () => nativeSealEnvelope(body, nKey, context),
    },
    {
      name: `grantKey: ${grants} sealed boxes, base64`,
      ours: () => confide.grantKey(key, recipients),
      native: () => nativeGrantKey(nKey, nRoster),
    },
    {
      name: 'unwrapReportKey: one sealed box',
      ours: () => confide.unwrapReportKey(grant, reporterBox),
      native: () => nativeUnwrapKey(nGrant, nMe),
    },
    {
      name: 'verifyReportSignature: base64, BLAKE2b, Ed25519',
      ours: () => confide.verifyReportSignature(oursReport, signPk),
      native: () => nativeVerifyReport({ id, ...nReport }),
    },
    {
      name: 'openReport: base64, AEAD, unpad, JSON',
      ours: () => confide.openReport(oursReport, oursKey),
      native: () => JSON.parse(nativeOpenEnvelope(nReport.payload, nOpenKey, context).toString()) as unknown,
    },
  ];
  for (const step of steps) {
    const t = await compare({ ours: step.ours, native: step.native }, options);
    report.row({
      name: step.name,
      ours: ms(t.ours.medianMs),
      references: [{ name: 'sodium-native', value: ms(t.native.medianMs) }],
    });
  }
}
