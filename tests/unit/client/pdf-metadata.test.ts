// What a PDF may reveal (client/src/lib/pdf-metadata.ts), read from PDFs written here as text
// the way Word, LibreOffice and Acrobat write them: an information dictionary, a second saved
// version, XMP metadata, objects packed in a compressed object stream, comments, a photo.
import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';

import { cleanFile } from '../../../client/src/lib/file-cleaning.js';
import { inflateBounded, isPdf, PDF_CAVEAT, scanPdf } from '../../../client/src/lib/pdf-metadata.js';
import { phonePhoto } from './fixtures/phone-photo.js';

// ---------------------------------------------------------------------------
// Writing PDFs
// ---------------------------------------------------------------------------

const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');

/** Bytes of a PDF section: objects, an xref table at their offsets, a trailer, startxref, %%EOF. */
function section(
  start: number,
  objects: readonly (readonly [number, string | Buffer])[],
  trailer: string,
  header = '',
): Buffer {
  const parts: Buffer[] = [latin1(header)];
  let offset = start + parts[0]!.length;
  const offsets: [number, number][] = [];
  for (const [num, body] of objects) {
    const bytes = Buffer.concat([
      latin1(`${num} 0 obj\n`),
      typeof body === 'string' ? latin1(body) : body,
      latin1('\nendobj\n'),
    ]);
    offsets.push([num, offset]);
    parts.push(bytes);
    offset += bytes.length;
  }
  const xref = [
    `xref\n`,
    ...offsets.map(([num, at]) => `${num} 1\n${String(at).padStart(10, '0')} 00000 n \n`),
  ].join('');
  parts.push(latin1(`${xref}trailer\n${trailer}\nstartxref\n${offset}\n%%EOF\n`));
  return Buffer.concat(parts);
}

const HEADER = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
const PAGES = [
  [1, '<< /Type /Catalog /Pages 2 0 R >>'],
  [2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>'],
  [3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>'],
  [4, '<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 720 Td (He wrote to me) Tj ET\nendstream'],
] as const;

const INFO =
  "<< /Author (Jane Doe) /Creator (Microsoft\xae Word for Microsoft 365) /Producer (Microsoft: Print To PDF) /Title (Secret plans) /CreationDate (D:20240301093000+01'00') /ModDate (D:20240305170200Z) >>";

/** One saved version: the pages and an information dictionary. */
function wordPdf(): Buffer {
  return section(0, [...PAGES, [5, INFO]], '<< /Size 6 /Root 1 0 R /Info 5 0 R >>', HEADER);
}

function findings(pdf: Uint8Array): string[] {
  return scanPdf(pdf);
}

// ---------------------------------------------------------------------------

describe('scanPdf', () => {
  it('reads the information dictionary: author, software, title and dates', () => {
    expect(findings(wordPdf())).toEqual([
      'Author: Jane Doe',
      'Made with Microsoft® Word for Microsoft 365',
      'Turned into a PDF with Microsoft: Print To PDF',
      'Title: Secret plans',
      'Created on 1 March 2024',
      'Last changed on 5 March 2024',
    ]);
  });

  it('counts saved versions, and lists what earlier versions said', () => {
    const first = wordPdf();
    const update = section(
      first.length,
      [[6, '<< /Author (J. D.) /Producer (Adobe Acrobat 24) /ModDate (D:20240310) >>']],
      `<< /Size 7 /Root 1 0 R /Info 6 0 R /Prev ${first.indexOf('xref')} >>`,
    );
    const result = findings(Buffer.concat([first, update]));
    expect(result).toContain('Author: Jane Doe; J. D.');
    expect(result).toContain(
      '2 saved versions are inside it: earlier versions of its text and details may still be in the file, even where they no longer show',
    );
  });

  it('does not count the second section of a "fast web view" file as a version', () => {
    const linearized = section(
      0,
      [
        [7, '<< /Linearized 1 /L 1000 /H [0 0] /O 3 /E 0 /N 1 /T 0 >>'],
        [1, '<< /Type /Catalog /Pages 2 0 R >>'],
      ],
      '<< /Size 8 /Root 1 0 R >>',
      HEADER,
    );
    const rest = section(linearized.length, PAGES.slice(1), '<< /Size 8 /Root 1 0 R >>');
    expect(findings(Buffer.concat([linearized, rest])).some((f) => f.includes('saved versions'))).toBe(false);
  });

  it('finds XMP metadata and the names and programs in it', () => {
    const xmp =
      '<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><dc:creator><rdf:Seq><rdf:li>Jane Doe</rdf:li></rdf:Seq></dc:creator><xmp:CreatorTool>Pages</xmp:CreatorTool></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>';
    const pdf = section(
      0,
      [
        [1, '<< /Type /Catalog /Pages 2 0 R /Metadata 5 0 R >>'],
        ...PAGES.slice(1),
        [5, `<< /Type /Metadata /Subtype /XML /Length ${latin1(xmp).length} >>\nstream\n${xmp}\nendstream`],
      ],
      '<< /Size 6 /Root 1 0 R >>',
      HEADER,
    );
    const result = findings(pdf);
    expect(result).toContain('Author: Jane Doe');
    expect(result).toContain('Made with Pages');
    expect(result).toContain(
      'A block of extra details (XMP), which can repeat the author and the software and keep an editing history',
    );
  });

  it('reads an information dictionary packed in a compressed object stream', () => {
    // Objects 5 and 6 inside object stream 8; the cross-reference stream's dictionary names /Info.
    const info = '<< /Author <FEFF004A0061006E006500200044006F0065> /Producer (LibreOffice 7.6) >> ';
    const annotation =
      '<< /Type /Annot /Subtype /Text /Rect [0 0 10 10] /T (Rita Reviewer) /Contents (check) >>';
    const packed = `5 0 6 ${info.length} `;
    const compressed = Buffer.from(zlibSync(latin1(packed + info + annotation)));
    const pdf = section(
      0,
      [
        ...PAGES,
        [
          8,
          Buffer.concat([
            latin1(
              `<< /Type /ObjStm /N 2 /First ${packed.length} /Filter /FlateDecode /Length ${compressed.length} >>\nstream\n`,
            ),
            compressed,
            latin1('\nendstream'),
          ]),
        ],
        [9, '<< /Type /XRef /Size 10 /Root 1 0 R /Info 5 0 R /W [1 2 1] /Length 0 >>\nstream\n\nendstream'],
      ],
      '<< /Size 10 /Root 1 0 R >>',
      HEADER,
    );
    // The author is only there compressed: a plain search finds nothing.
    expect(pdf.includes(latin1('Jane'))).toBe(false);
    const result = findings(pdf);
    expect(result).toContain('Author: Jane Doe');
    expect(result).toContain('Turned into a PDF with LibreOffice 7.6');
    expect(result).toContain('Comments or markings by Rita Reviewer');
  });

  it('does not decompress more than it was asked to (a small stream can inflate to gigabytes)', () => {
    const zeros = zlibSync(new Uint8Array(16 * 1024 * 1024), { level: 1 });
    expect(zeros.length).toBeLessThan(64 * 1024);
    expect(inflateBounded(zeros, 1024 * 1024).length).toBe(1024 * 1024);
    // A damaged stream gives what came out before the damage.
    const text = zlibSync(latin1('<< /Author (Jane Doe) >>'.repeat(100)));
    expect(
      Buffer.from(inflateBounded(text.subarray(0, text.length - 20), 1 << 20)).toString('latin1'),
    ).toMatch(/^<< \/Author \(Jane Doe\) >>/);
  });

  it('names photos that still carry EXIF, and attached files', () => {
    const photo = Buffer.from(phonePhoto());
    const pdf = section(
      0,
      [
        [1, '<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 6 0 R >> >>'],
        ...PAGES.slice(1),
        [
          5,
          Buffer.concat([
            latin1(
              `<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /Filter /DCTDecode /Length ${photo.length} >>\nstream\n`,
            ),
            photo,
            latin1('\nendstream'),
          ]),
        ],
        [6, '<< /Names [(notes.txt) 7 0 R] >>'],
        [7, '<< /Type /EmbeddedFile /Length 0 >>\nstream\n\nendstream'],
      ],
      '<< /Size 8 /Root 1 0 R >>',
      HEADER,
    );
    const result = findings(pdf);
    expect(result).toContain('Other files attached inside it, which Confide did not check');
    expect(result).toContain(
      'Photos that may still show where and when they were taken, and with which phone or camera',
    );
  });

  it('does not read the strings of an encrypted PDF, and says so', () => {
    const pdf = section(
      0,
      [
        ...PAGES,
        [5, '<< /Author (\x8a\x13\xfe\x01garbled) >>'],
        [6, '<< /Filter /Standard /V 2 /R 3 /O (x) /U (y) /P -4 >>'],
      ],
      '<< /Size 7 /Root 1 0 R /Info 5 0 R /Encrypt 6 0 R >>',
      HEADER,
    );
    expect(findings(pdf)).toEqual([
      'It is encrypted (perhaps with a password), so Confide could not read its details',
    ]);
  });

  it('says when it could read nothing, and finds nothing in a PDF that holds nothing', () => {
    expect(findings(latin1('%PDF-1.4\n\x00\x01garbage that is not a PDF at all'))).toEqual([
      'Confide could not read this PDF’s details',
    ]);
    expect(findings(section(0, PAGES, '<< /Size 5 /Root 1 0 R >>', HEADER))).toEqual([]);
  });

  it('survives cut and damaged files', () => {
    const whole = wordPdf();
    for (let cut = 0; cut < whole.length; cut += 7) {
      expect(() => scanPdf(whole.subarray(0, cut))).not.toThrow();
    }
    const nested = latin1(`${HEADER}1 0 obj\n${'['.repeat(100_000)}\nendobj\n%%EOF\n`);
    expect(() => scanPdf(nested)).not.toThrow();
  });
});

describe('cleanFile with a PDF', () => {
  it('sends it as it is, with what it shows and the general warning', async () => {
    const pdf = wordPdf();
    expect(isPdf(pdf)).toBe(true);
    const outcome = await cleanFile(new Blob([pdf], { type: 'application/pdf' }), 'messages.pdf');
    expect(outcome).toEqual({
      status: 'kept-with-warning',
      warning: { findings: findings(pdf), caveat: PDF_CAVEAT },
    });
  });

  it('warns about a PDF it cannot read instead of sending it silently', async () => {
    const outcome = await cleanFile(new Blob([latin1('%PDF-1.7 \x00\x00 broken')]), 'x.bin');
    expect(outcome.status).toBe('kept-with-warning');
    if (outcome.status === 'kept-with-warning') {
      expect(outcome.warning.caveat).toBe(PDF_CAVEAT);
      expect(outcome.warning.findings).toEqual(['Confide could not read this PDF’s details']);
    }
  });

  it('leaves other files alone, saying they were not checked', async () => {
    expect(await cleanFile(new Blob(['just some words\n'], { type: 'text/plain' }), 'notes.txt')).toEqual({
      status: 'not-checked',
    });
  });
});
