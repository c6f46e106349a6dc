// Removing hidden details from office documents (client/src/lib/office-metadata.ts) on documents
// built here with fflate the way Word and LibreOffice write them: properties naming the author
// and the company, a first-page thumbnail, a phone photo with a location, a template path with
// the user's name, a spreadsheet behind a chart, comments and tracked changes.
import fc from 'fast-check';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';

import { cleanFile } from '../../../client/src/lib/file-cleaning.js';
import { stripJpeg } from '../../../client/src/lib/image-metadata.js';
import { cleanOfficeBytes, OfficeDocumentError } from '../../../client/src/lib/office-metadata.js';
import { PHOTO_SECRETS, phonePhoto } from './fixtures/phone-photo.js';

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

/** Strings that name people, places or machines; none may survive outside comments and changes. */
const SECRETS = [
  'Jane Doe',
  'jdoe@example.org',
  'Acme Harassment Ltd',
  'Mr Manager',
  'Secret plans',
  'Flat 3B',
  'janedoe',
  'LibreOffice/7.6',
  ...PHOTO_SECRETS,
] as const;

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const CORE_XML = `${XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Secret plans</dc:title><dc:creator>Jane Doe</dc:creator><cp:keywords>Flat 3B</cp:keywords><cp:lastModifiedBy>jdoe@example.org</cp:lastModifiedBy><cp:revision>7</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">2024-03-01T09:30:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2024-03-05T17:02:00Z</dcterms:modified></cp:coreProperties>`;

const APP_XML = `${XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Template>Normal.dotm</Template><TotalTime>42</TotalTime><Application>Microsoft Office Word</Application><Company>Acme Harassment Ltd</Company><Manager>Mr Manager</Manager><HyperlinkBase>https://example.org/docs/</HyperlinkBase><AppVersion>16.0000</AppVersion></Properties>`;

const CUSTOM_XML = `${XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Site"><vt:lpwstr>Flat 3B</vt:lpwstr></property></Properties>`;

const CONTENT_TYPES = `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="jpeg" ContentType="image/jpeg"/><Default Extension="xlsx" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/><Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/><Override PartName="/docProps/thumbnail.jpeg" ContentType="image/jpeg"/></Types>`;

const ROOT_RELS = `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail" Target="docProps/thumbnail.jpeg"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>`;

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

const DOCUMENT_XML = `${XML}<w:document ${W} ${R}><w:body><w:p><w:r><w:t>He sent the messages below.</w:t></w:r><w:ins w:id="1" w:author="Sam Editor" w:date="2024-03-04T10:00:00Z"><w:r><w:t> Every night.</w:t></w:r></w:ins><w:commentRangeStart w:id="0"/><w:r><w:t>See the photo.</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p><w:p><w:r><w:drawing><a:blip xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" r:embed="rId10"/></w:drawing></w:r></w:p></w:body></w:document>`;

const COMMENTS_XML = `${XML}<w:comments ${W}><w:comment w:id="0" w:author="Rita Reviewer" w:date="2024-03-04T11:00:00Z" w:initials="RR"><w:p><w:r><w:t>Is this the right date?</w:t></w:r></w:p></w:comment></w:comments>`;

const DOCUMENT_RELS = `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId10" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.jpeg"/><Relationship Id="rId11" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/><Relationship Id="rId12" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rId13" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/package" Target="embeddings/Microsoft_Excel_Worksheet.xlsx"/></Relationships>`;

const SETTINGS_XML = `${XML}<w:settings ${W} ${R}><w:attachedTemplate r:id="rId1"/><w:trackRevisions/></w:settings>`;

const SETTINGS_RELS = `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="file:///C:\\Users\\janedoe\\AppData\\Roaming\\Microsoft\\Templates\\Normal.dotm" TargetMode="External"/></Relationships>`;

const STYLES_XML = `${XML}<w:styles ${W}><w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>`;

/** A spreadsheet (the data behind a chart) with its own author and a workbook path. */
function embeddedWorkbook(): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8(
      `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`,
    ),
    '_rels/.rels': strToU8(
      `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
    ),
    'docProps/core.xml': strToU8(CORE_XML),
    'xl/workbook.xml': strToU8(
      `${XML}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:AlternateContent><mc:Choice Requires="x15"><x15ac:absPath xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac" url="C:\\Users\\janedoe\\Documents\\"/></mc:Choice></mc:AlternateContent><sheets><sheet name="Sheet1" sheetId="1"/></sheets></workbook>`,
    ),
  });
}

function docxEntries(): Zippable {
  return {
    '[Content_Types].xml': strToU8(CONTENT_TYPES),
    '_rels/.rels': strToU8(ROOT_RELS),
    'docProps/core.xml': strToU8(CORE_XML),
    'docProps/app.xml': strToU8(APP_XML),
    'docProps/custom.xml': strToU8(CUSTOM_XML),
    'docProps/thumbnail.jpeg': [phonePhoto(), { level: 0 }],
    'word/document.xml': strToU8(DOCUMENT_XML),
    'word/comments.xml': strToU8(COMMENTS_XML),
    'word/styles.xml': strToU8(STYLES_XML),
    'word/settings.xml': strToU8(SETTINGS_XML),
    'word/_rels/document.xml.rels': strToU8(DOCUMENT_RELS),
    'word/_rels/settings.xml.rels': strToU8(SETTINGS_RELS),
    'word/media/image1.jpeg': [phonePhoto(), { level: 0 }],
    'word/embeddings/Microsoft_Excel_Worksheet.xlsx': [embeddedWorkbook(), { level: 0 }],
  };
}

/** A .docx as Word writes one; the entries have a date, as Word's do. */
function docx(): Uint8Array {
  return zipSync(docxEntries(), { mtime: new Date(2024, 2, 5, 17, 2, 0) });
}

const ODF_MIMETYPE = 'application/vnd.oasis.opendocument.text';

function manifest(extra = ''): string {
  return `${XML}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="${ODF_MIMETYPE}"/><manifest:file-entry manifest:full-path="Thumbnails/thumbnail.png" manifest:media-type="image/png"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"${extra}/><manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="Pictures/photo.jpg" manifest:media-type="image/jpeg"/></manifest:manifest>`;
}

const META_XML = `${XML}<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3"><office:meta><meta:initial-creator>Jane Doe</meta:initial-creator><dc:creator>jdoe@example.org</dc:creator><meta:generator>LibreOffice/7.6$Linux_X86_64</meta:generator><dc:title>Secret plans</dc:title><meta:editing-duration>PT42M</meta:editing-duration><meta:user-defined meta:name="Site">Flat 3B</meta:user-defined></office:meta></office:document-meta>`;

const ODT_CONTENT = `${XML}<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3"><office:body><office:text><text:tracked-changes><text:changed-region text:id="ct1"><text:insertion><office:change-info><dc:creator>Sam Editor</dc:creator><dc:date>2024-03-04T10:00:00</dc:date></office:change-info></text:insertion></text:changed-region></text:tracked-changes><text:p>He sent the messages below.<office:annotation><dc:creator>Rita Reviewer</dc:creator><text:p>Is this the right date?</text:p></office:annotation></text:p></office:text></office:body></office:document-content>`;

/** An .odt with its mimetype compressed and not first, which the cleaner must put right. */
function odt(manifestXml = manifest()): Uint8Array {
  return zipSync(
    {
      'content.xml': strToU8(ODT_CONTENT),
      mimetype: strToU8(ODF_MIMETYPE),
      'meta.xml': strToU8(META_XML),
      'META-INF/manifest.xml': strToU8(manifestXml),
      'Thumbnails/thumbnail.png': [phonePhoto(), { level: 0 }],
      'Pictures/photo.jpg': [phonePhoto(), { level: 0 }],
    },
    { mtime: new Date(2024, 2, 5) },
  );
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

function cleaned(bytes: Uint8Array) {
  const result = cleanOfficeBytes(bytes);
  if (result.status !== 'cleaned') throw new Error(`expected a cleaned document, got ${result.status}`);
  return result;
}

/** Every byte of an archive and of the archives inside it, decompressed. */
function allBytes(zip: Uint8Array): Buffer {
  const parts: Buffer[] = [Buffer.from(zip)];
  for (const data of Object.values(unzipSync(zip))) {
    parts.push(Buffer.from(data));
    if (data[0] === 0x50 && data[1] === 0x4b) parts.push(allBytes(data));
  }
  return Buffer.concat(parts);
}

function expectNoSecrets(zip: Uint8Array, secrets: readonly string[] = SECRETS): void {
  const everything = allBytes(zip);
  for (const secret of secrets) expect(everything.includes(Buffer.from(secret)), secret).toBe(false);
}

/** The root element's name and attributes, or throws: a well-formedness check of a rewritten part. */
function rootOf(xml: string): { name: string; attributes: Record<string, string> } {
  const match = /^<\?xml [^?]*\?>\s*<([\w:.-]+)((?:\s+[\w:.-]+="[^"]*")*)\s*(\/>|>[\s\S]*<\/\1>)\s*$/.exec(
    xml,
  );
  if (!match) throw new Error(`not a single well-formed root element: ${xml}`);
  const attributes: Record<string, string> = {};
  for (const a of (match[2] ?? '').matchAll(/([\w:.-]+)="([^"]*)"/g)) attributes[a[1] ?? ''] = a[2] ?? '';
  return { name: match[1] ?? '', attributes };
}

function namespaces(attributes: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(attributes).filter(([name]) => name.startsWith('xmlns')));
}

// ---------------------------------------------------------------------------

describe('cleaning a Word document', () => {
  it('removes the author, company, dates, custom properties, thumbnail, template path and photo location', () => {
    const result = cleaned(docx());
    expect(result.format).toBe('ooxml');
    expectNoSecrets(result.bytes);
    expect(result.removed).toEqual(
      expect.arrayContaining([
        'the names of the author and of who last changed it, dates, title and keywords (document properties)',
        'the company, manager, software, template and total editing time',
        'custom properties',
        'a preview picture of the first page',
        'the folder of the template it was made from',
      ]),
    );
    expect(result.removed.some((r) => r.includes('from a picture inside it'))).toBe(true);
    expect(result.removed.some((r) => r.includes('from a file embedded in it'))).toBe(true);
  });

  it('keeps every other part byte for byte, in the same order', () => {
    const before = unzipSync(docx());
    const after = unzipSync(cleaned(docx()).bytes);
    const rewritten = new Set([
      '[Content_Types].xml',
      '_rels/.rels',
      'docProps/core.xml',
      'docProps/app.xml',
      'docProps/custom.xml',
      'word/_rels/settings.xml.rels',
      'word/media/image1.jpeg',
      'word/embeddings/Microsoft_Excel_Worksheet.xlsx',
    ]);
    expect(Object.keys(after)).toEqual(Object.keys(before).filter((n) => n !== 'docProps/thumbnail.jpeg'));
    for (const [name, data] of Object.entries(before)) {
      if (rewritten.has(name) || name === 'docProps/thumbnail.jpeg') continue;
      expect(Buffer.from(after[name] ?? []).equals(Buffer.from(data)), name).toBe(true);
    }
    // The photo is the image cleaner's output, exactly.
    expect(Array.from(after['word/media/image1.jpeg'] ?? [])).toEqual(
      Array.from(stripJpeg(phonePhoto()).bytes),
    );
  });

  it('replaces the property parts with empty ones of the same root and namespaces', () => {
    const after = unzipSync(cleaned(docx()).bytes);
    for (const [name, original] of [
      ['docProps/core.xml', CORE_XML],
      ['docProps/app.xml', APP_XML],
      ['docProps/custom.xml', CUSTOM_XML],
    ] as const) {
      const before = rootOf(original);
      const now = rootOf(strFromU8(after[name] ?? new Uint8Array()));
      expect(now.name, name).toBe(before.name);
      expect(namespaces(now.attributes), name).toEqual(namespaces(before.attributes));
    }
    expect(strFromU8(after['docProps/core.xml'] ?? new Uint8Array())).toMatch(/<cp:coreProperties [^>]*\/>$/);
    // Relative links in the text are resolved against HyperlinkBase: it stays.
    expect(strFromU8(after['docProps/app.xml'] ?? new Uint8Array())).toContain(
      '<HyperlinkBase>https://example.org/docs/</HyperlinkBase>',
    );
  });

  it('removes the thumbnail with its relationship and content type, leaving every reference valid', () => {
    const after = unzipSync(cleaned(docx()).bytes);
    const names = new Set(Object.keys(after));
    const rels = strFromU8(after['_rels/.rels'] ?? new Uint8Array());
    const types = strFromU8(after['[Content_Types].xml'] ?? new Uint8Array());
    rootOf(rels);
    rootOf(types);
    expect(rels).not.toContain('thumbnail');
    expect(types).not.toContain('thumbnail');
    const targets = [...rels.matchAll(/Target="([^"]*)"/g)].map((m) => m[1] ?? '');
    expect(targets.sort()).toEqual([
      'docProps/app.xml',
      'docProps/core.xml',
      'docProps/custom.xml',
      'word/document.xml',
    ]);
    for (const target of targets) expect(names.has(target), target).toBe(true);
    for (const part of types.matchAll(/PartName="\/([^"]*)"/g))
      expect(names.has(part[1] ?? ''), part[1]).toBe(true);
  });

  it("keeps only the template's file name, and empties the workbook folder of an embedded spreadsheet", () => {
    const after = unzipSync(cleaned(docx()).bytes);
    const settingsRels = strFromU8(after['word/_rels/settings.xml.rels'] ?? new Uint8Array());
    rootOf(settingsRels);
    expect(settingsRels).toContain('Target="Normal.dotm" TargetMode="External"');
    const workbook = unzipSync(after['word/embeddings/Microsoft_Excel_Worksheet.xlsx'] ?? new Uint8Array());
    const xml = strFromU8(workbook['xl/workbook.xml'] ?? new Uint8Array());
    expect(xml).toContain('url=""');
    rootOf(xml);
  });

  it('leaves comments and tracked changes, and says whose names they show', () => {
    const result = cleaned(docx());
    const after = unzipSync(result.bytes);
    expect(strFromU8(after['word/comments.xml'] ?? new Uint8Array())).toContain('Rita Reviewer');
    expect(strFromU8(after['word/document.xml'] ?? new Uint8Array())).toContain('w:author="Sam Editor"');
    expect(result.findings).toEqual([
      'This document contains comments and tracked changes that show the names of the people who made them (Rita Reviewer and Sam Editor). Confide did not remove them, because that would change the document.',
    ]);
  });

  it('says nothing is left when a document has no comments or changes', () => {
    const entries = docxEntries();
    delete entries['word/comments.xml'];
    entries['word/document.xml'] = strToU8(DOCUMENT_XML.replace(/<w:ins [^>]*>/, '').replace('</w:ins>', ''));
    expect(cleaned(zipSync(entries)).findings).toEqual([]);
  });

  it('writes a ZIP without dates or extra fields that fflate reads back', () => {
    const out = cleaned(docx()).bytes;
    const view = Buffer.from(out);
    expect(view.readUInt32LE(0)).toBe(0x04034b50);
    expect(view.readUInt16LE(10)).toBe(0); // time 00:00
    expect(view.readUInt16LE(12)).toBe(0x21); // 1980-01-01
    expect(view.readUInt16LE(28)).toBe(0); // no extra field
    expect(() => unzipSync(out)).not.toThrow();
    // Cleaning again changes nothing more.
    const again = cleaned(out);
    expect(Buffer.from(again.bytes).equals(Buffer.from(out))).toBe(true);
    expect(again.removed).toEqual([]);
  });

  it('is found by its bytes, whatever its name or declared type', async () => {
    const outcome = await cleanFile(new Blob([docx()], { type: 'image/png' }), 'holiday.png');
    expect(outcome.status).toBe('cleaned');
    if (outcome.status !== 'cleaned') return;
    expect(outcome.name).toBe('holiday.png');
    expect(outcome.type).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(outcome.warning?.findings[0]).toMatch(/comments and tracked changes/);
    expectNoSecrets(new Uint8Array(await outcome.file.arrayBuffer()));
  });
});

describe('cleaning an OpenDocument file', () => {
  it('empties meta.xml, removes the thumbnail and its manifest entry, cleans pictures', () => {
    const result = cleaned(odt());
    expect(result.format).toBe('odf');
    expect(result.mimeType).toBe(ODF_MIMETYPE);
    expectNoSecrets(result.bytes);
    const after = unzipSync(result.bytes);
    const meta = strFromU8(after['meta.xml'] ?? new Uint8Array());
    const root = rootOf(meta);
    expect(root.name).toBe('office:document-meta');
    expect(root.attributes['office:version']).toBe('1.3');
    expect(namespaces(root.attributes)).toEqual(namespaces(rootOf(META_XML).attributes));
    expect(meta).toMatch(/><office:meta\/><\/office:document-meta>$/);
    const manifestXml = strFromU8(after['META-INF/manifest.xml'] ?? new Uint8Array());
    rootOf(manifestXml);
    expect(manifestXml).not.toContain('Thumbnails');
    expect(Object.keys(after)).not.toContain('Thumbnails/thumbnail.png');
    for (const path of manifestXml.matchAll(/full-path="([^"/][^"]*)"/g)) {
      expect(Object.keys(after), path[1]).toContain(path[1]);
    }
    expect(Buffer.from(after['content.xml'] ?? []).equals(Buffer.from(ODT_CONTENT))).toBe(true);
  });

  it('writes the mimetype first and uncompressed, where readers look for it', () => {
    const out = Buffer.from(cleaned(odt()).bytes);
    expect(out.readUInt16LE(8)).toBe(0); // stored
    expect(out.readUInt16LE(26)).toBe('mimetype'.length);
    expect(out.readUInt16LE(28)).toBe(0); // no extra field
    expect(out.subarray(30, 38).toString('latin1')).toBe('mimetype');
    expect(out.subarray(38, 38 + ODF_MIMETYPE.length).toString('latin1')).toBe(ODF_MIMETYPE);
  });

  it('leaves annotations and tracked changes and names their authors', () => {
    expect(cleaned(odt()).findings).toEqual([
      'This document contains comments and tracked changes that show the names of the people who made them (Sam Editor and Rita Reviewer). Confide did not remove them, because that would change the document.',
    ]);
  });

  it('does not touch a password-protected file, whose parts are encrypted', async () => {
    const encrypted = odt(
      manifest(
        '><manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/></manifest:file-entry',
      ),
    );
    expect(cleanOfficeBytes(encrypted).status).toBe('encrypted');
    const outcome = await cleanFile(new Blob([encrypted]), 'locked.odt');
    expect(outcome.status).toBe('kept-with-warning');
    if (outcome.status === 'kept-with-warning') {
      expect(outcome.warning.findings).toEqual([
        'It is protected with a password, so Confide could not look inside it',
      ]);
    }
  });
});

describe('files that cannot be cleaned', () => {
  it('refuses a damaged document instead of sending it as it was', async () => {
    const whole = docx();
    const damaged = [
      whole.subarray(0, Math.floor(whole.length / 2)), // cut short
      whole.subarray(0, whole.length - 30), // end record gone
    ];
    // A byte of compressed core.xml changed: its checksum no longer matches.
    const flipped = whole.slice();
    const at =
      Buffer.from(flipped).indexOf(Buffer.from('docProps/core.xml')) + 'docProps/core.xml'.length + 5;
    flipped[at] = (flipped[at] ?? 0) ^ 0xff;
    damaged.push(flipped);
    for (const bytes of damaged) {
      expect(() => cleanOfficeBytes(bytes)).toThrow(OfficeDocumentError);
      const outcome = await cleanFile(new Blob([bytes]), 'report.docx');
      expect(outcome.status).toBe('failed');
    }
  });

  it('refuses a document with two parts of one name (readers disagree on which they open)', () => {
    // word/settings.xml renamed word/comments.xml (as long) in both of its headers.
    const whole = Buffer.from(docx()).toString('latin1');
    const dup = Buffer.from(whole.replaceAll('word/settings.xml', 'word/comments.xml'), 'latin1');
    expect(() => cleanOfficeBytes(dup)).toThrow(/two entries/);
  });

  it('sends a ZIP of something else as it is, saying it was not checked', async () => {
    const zip = zipSync({ 'notes.txt': strToU8('hello') });
    expect(cleanOfficeBytes(zip).status).toBe('not-office');
    expect(await cleanFile(new Blob([zip]), 'notes.zip')).toEqual({ status: 'not-checked' });
  });

  it('warns about older and password-protected Office files, which are compound files', async () => {
    const ole = new Uint8Array(1024);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const doc = await cleanFile(new Blob([ole]), 'old.doc');
    expect(doc.status === 'kept-with-warning' && doc.warning.findings).toEqual([
      'It is in an older Office format (such as .doc, .xls or .ppt) that Confide cannot clean',
    ]);
    ole.set(Buffer.from('EncryptedPackage', 'utf16le'), 600);
    const locked = await cleanFile(new Blob([ole]), 'locked.docx');
    expect(locked.status === 'kept-with-warning' && locked.warning.findings).toEqual([
      'It is protected with a password, so Confide could not look inside it',
    ]);
  });

  it('for any one byte changed, either refuses the document or leaves no secret in it (property)', () => {
    const whole = docx();
    fc.assert(
      fc.property(fc.nat({ max: whole.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, mask) => {
        const bytes = whole.slice();
        bytes[at] = (bytes[at] ?? 0) ^ mask;
        let result;
        try {
          result = cleanOfficeBytes(bytes);
        } catch (caught) {
          expect(caught).toBeInstanceOf(OfficeDocumentError);
          return;
        }
        expect(result.status).not.toBe('encrypted');
        if (result.status !== 'cleaned') {
          // Only a change to the part names can make it something else: then it is not sent cleaned
          // but as "not checked" — and it no longer is a document any program would open as one.
          return;
        }
        const after = unzipSync(result.bytes, { filter: (f) => f.name.startsWith('docProps/') });
        for (const data of Object.values(after)) {
          for (const secret of SECRETS)
            expect(Buffer.from(data).includes(Buffer.from(secret)), secret).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});
