import { Link } from 'react-router';

import { Notice } from '../../../components/notice';
import { PageHeading } from '../../../components/page-heading';
import { useDocumentTitle } from '../../../hooks/use-document-title';
import { TeamList } from './team-list';

export function ReportPage() {
  useDocumentTitle('Report harassment');

  return (
    <>
      <PageHeading>Tell a team about harassment</PageHeading>
      <p className="lead">
        Confide is a private way to tell the people who look after your community, such as a wiki’s
        administrators, the stewards or a Code of Conduct committee, about harassment you have experienced or
        seen happen to someone else.
      </p>

      <Notice tone="caution" title="If you are in danger right now">
        <p>
          Please contact your local emergency services first. The teams here are people, often volunteers, and
          may not read your report straight away.
        </p>
      </Notice>

      <section aria-labelledby="protection-heading">
        <h2 id="protection-heading">How your report is protected</h2>
        <ul className="point-list">
          <li>
            <strong>Encrypted in your browser.</strong> What you write is locked on this device before it is
            sent. Only the members of the team you choose can unlock it, not the people who run this website.
          </li>
          <li>
            <strong>Anonymous.</strong> You do not need an account. Confide never records your IP address, and
            you only give your name if you choose to.
          </li>
          <li>
            <strong>A receipt to come back with.</strong> After you send a report you get a receipt, a code
            that is the only way back to it: to read replies from the team and to add anything new. Keep it
            somewhere safe, because nobody can recover it for you. If you already have one,{' '}
            <Link to="/receipt">return to your report</Link>.
          </li>
        </ul>
      </section>

      <section aria-labelledby="teams-heading">
        <h2 id="teams-heading">Who you can report to</h2>
        <TeamList />
      </section>

      <section aria-labelledby="form-heading">
        <h2 id="form-heading">Sending a report</h2>
        <Notice title="The report form is not ready yet">
          <p>
            This is an early version of Confide, and sending a report will come in a later update. Until then,
            please reach the team the way your community usually asks you to.
          </p>
        </Notice>
      </section>
    </>
  );
}
