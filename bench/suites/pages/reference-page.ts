// The yardstick for Lighthouse's score: a page of text with no script, no stylesheet and no
// image, served from this process. On an idle machine it scores 100; anything less is the
// machine (Lighthouse simulates a phone from what it observed, so a busy host lowers every
// page's score), and the pages' figures should be read against it.

import http from 'node:http';

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Reference page</title>
</head>
<body>
<main>
<h1>Tell a team about harassment</h1>
<p>A page of text the size of a short article, with nothing to load but itself: the best score
this machine and this Lighthouse give any page.</p>
${'<p>Confide is a private way to tell the people who look after your community about harassment you have experienced or seen happen to someone else.</p>\n'.repeat(12)}
</main>
</body>
</html>
`;

export interface ReferencePage {
  readonly url: string;
  close(): Promise<void>;
}

export async function startReferencePage(): Promise<ReferencePage> {
  const server = http.createServer((_request, response) => {
    response.setHeader('Content-Type', 'text/html; charset=utf-8');
    response.setHeader('Cache-Control', 'no-cache');
    response.end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
