/**
 * "Staying safe" (/safety): for someone who fears that another person may see what they do on
 * this device or their connection. Plain words, a few things to do, and an honest account of what
 * Confide keeps and where. Keep it true to the code:
 *   - Leave now and its shortcut: lib/leave-now.ts, components/quick-exit.tsx;
 *   - the receipt session cookie (HttpOnly, no expiry date, an hour without use): server/plugins/auth.ts;
 *   - API replies are `no-store`, the page's files are cached: server/plugins/security-headers.ts,
 *     server/plugins/client-app.ts;
 *   - a team's fingerprint is kept only when the reporter asks: lib/roster-trust.ts;
 *   - what the server knows of a report: contract/cases.ts (ReportSubmission);
 *   - no IP address, only a keyed hash for rate limits: server/plugins/rate-limit.ts.
 */
import { Trans } from '@lingui/react/macro';
import { Link } from 'react-router';

import { PageHeading } from '../../../components/ui';
import { useNeutralDocumentTitle } from '../../../hooks/use-document-title';
import './safety-page.css';

/** Names that stay as they are in every language: a web address, and the receipt file's name. */
const TOR_SITE = 'torproject.org';
const RECEIPT_FILE = 'confide-receipt.txt';

export function SafetyPage() {
  useNeutralDocumentTitle();
  const torSite = TOR_SITE;
  const receiptFile = RECEIPT_FILE;

  return (
    <>
      <PageHeading>
        <Trans>Staying safe</Trans>
      </PageHeading>
      <p className="lead">
        <Trans>
          If someone may see what you do on this device, or check it later, these steps can help. You do not
          have to do all of them: do what feels right and safe for you.
        </Trans>
      </p>

      <section aria-labelledby="leave-heading" className="safety-section">
        <h2 id="leave-heading">
          <Trans>Leaving in a hurry</Trans>
        </h2>
        <p>
          <Trans>
            The <strong>Leave now</strong> button at the top of the page takes you straight to an ordinary
            website. It hides this page at once, forgets what you typed, ends your session, and puts the other
            website in this page’s place in the browser’s history, so that Back does not return to it.
          </Trans>
        </p>
        <p>
          <Trans>
            With a keyboard, press the <kbd>Shift</kbd> key three times in a row, quickly. It does the same.
          </Trans>
        </p>
        <p>
          <Trans>
            A report you have not sent yet is lost when you leave, and you would need to write it again. Your
            safety comes first.
          </Trans>
        </p>
      </section>

      <section aria-labelledby="private-heading" className="safety-section">
        <h2 id="private-heading">
          <Trans>Use a private window</Trans>
        </h2>
        <p>
          <Trans>
            A private window (called Incognito in Chrome, InPrivate in Edge, and Private Browsing in Firefox
            and Safari) does not add the pages you visit to the browser’s history, and forgets its cookies
            when you close it. Close every private window when you have finished.
          </Trans>
        </p>
        <p>
          <Trans>
            It does not hide your visit from your internet provider, from the network of a workplace or
            school, or from software installed on the device.
          </Trans>
        </p>
      </section>

      <section aria-labelledby="tor-heading" className="safety-section">
        <h2 id="tor-heading">
          <Trans>Tor Browser</Trans>
        </h2>
        <p>
          <Trans>
            If you are worried that someone can watch your internet connection, at home, at work or at your
            internet provider, Tor Browser hides from them which sites you visit, and hides your address from
            the sites. Confide works in Tor Browser, a little more slowly. Get it only from{' '}
            <span className="nowrap" translate="no">
              {torSite}
            </span>
            .
          </Trans>
        </p>
      </section>

      <section aria-labelledby="shared-heading" className="safety-section">
        <h2 id="shared-heading">
          <Trans>If someone else uses this device</Trans>
        </h2>
        <p>
          <Trans>Someone who uses this device after you may look at:</Trans>
        </p>
        <ul className="point-list">
          <li>
            <Trans>
              <strong>The history</strong>, and the list of recently closed tabs. Pages here are titled only
              “Confide” and their addresses say nothing about a report, but they show that you visited this
              site. You can delete this site from the history. Clearing all of it may be noticed by someone
              who checks.
            </Trans>
          </li>
          <li>
            <Trans>
              <strong>Downloads and printed pages.</strong> If you saved your receipt as a file (
              <span translate="no">{receiptFile}</span>) or printed it, move it somewhere only you can reach,
              or delete it once you have kept the receipt another way.
            </Trans>
          </li>
          <li>
            <Trans>
              <strong>What you copied.</strong> Some devices keep a history of copied text. After copying your
              receipt, copy something else.
            </Trans>
          </li>
        </ul>
        <p>
          <Trans>
            Your receipt opens your report and the team’s replies to whoever has it. Keep it where only you
            can reach it, such as a password manager or a note kept safely away from this device.
          </Trans>
        </p>
        <p>
          <Trans>
            If you think someone has put software on this device to watch what you do, none of these steps can
            stop it. Use a device you trust instead, such as a library computer or a friend’s phone.
          </Trans>
        </p>
      </section>

      <section aria-labelledby="device-heading" className="safety-section">
        <h2 id="device-heading">
          <Trans>What Confide keeps on this device</Trans>
        </h2>
        <ul className="point-list">
          <li>
            <Trans>
              <strong>Nothing you write.</strong> A report you are writing is kept only by this page until you
              send it, close the tab or leave. Confide tells your browser not to keep any of its replies about
              reports.
            </Trans>
          </li>
          <li>
            <Trans>
              <strong>While you read your report with your receipt</strong>, a cookie keeps it open. It ends
              when you leave, after an hour without use, or when you close the browser (unless your browser
              reopens your tabs from last time).
            </Trans>
          </li>
          <li>
            <Trans>
              <strong>A team’s fingerprint, only if you ask.</strong> If you choose “Remember this team’s
              fingerprint on this device”, your browser keeps the team’s fingerprint, a public code that lets
              it notice if the team is ever replaced by another. It shows that this browser was used with
              Confide, and nothing of what you wrote. If you do not choose it, nothing is kept.
            </Trans>
          </li>
          <li>
            <Trans>
              <strong>The site itself.</strong> Like any website, your browser may keep this site’s own files
              so that it loads faster next time. That shows a visit to this site, and nothing of what you
              wrote.
            </Trans>
          </li>
        </ul>
      </section>

      <section aria-labelledby="server-heading" className="safety-section">
        <h2 id="server-heading">
          <Trans>What Confide keeps on its server</Trans>
        </h2>
        <ul className="point-list">
          <li>
            <Trans>
              <strong>Your report, encrypted.</strong> It was locked on your device before it was sent.
              Neither the server nor the people who run it can read it: only the team you chose.
            </Trans>
          </li>
          <li>
            <Trans>
              <strong>A little that it needs to work</strong>: which team your report is for and which of its
              members you left out, when it was sent, whether you marked it urgent, how it is going, and the
              size of any files.
            </Trans>
          </li>
          <li>
            <Trans>
              <strong>Never your IP address</strong>, nor which browser you use. To slow down abuse it counts
              requests for a short while, under a scrambled code that cannot be turned back into an address.
            </Trans>
          </li>
        </ul>
      </section>

      <ul className="link-list safety-links">
        <li>
          <Link to="/">
            <Trans>Go to the report form</Trans>
          </Link>
        </li>
        <li>
          <Link to="/receipt">
            <Trans>Return to a report with your receipt</Trans>
          </Link>
        </li>
      </ul>
    </>
  );
}
