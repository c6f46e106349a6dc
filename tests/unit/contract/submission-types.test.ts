// The bodies the browser builds and the contract's schemas of them (contract/cases.ts,
// contract/members.ts) are one shape. crypto/ may import nothing but its own files and
// libsodium (tests/unit/module-boundaries.test.ts), so its types cannot be derived from
// the schemas; these checks tie them instead, and fail `tsc -p tsconfig.json` when either side
// drifts. The runtime assertions are trivial: the work is done by the type checker.
import { describe, expectTypeOf, it } from 'vitest';

import type { Envelope, Item, ReportSubmission, SealedItem } from '../../../crypto/index.js';
import type {
  ItemSubmission as ItemSubmissionSchema,
  ReportSubmission as ReportSubmissionSchema,
} from '../../../contract/cases.js';
import type { MemberCredentials as MemberCredentialsSchema } from '../../../contract/members.js';
import type { MemberCredentials, SealedItemOutput } from '../../../client/src/lib/keyring/types.js';

/** The schema's type as crypto writes its types: every property and array read-only. */
type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

type ReportSchema = DeepReadonly<ReportSubmissionSchema>;
type ItemSchema = DeepReadonly<ItemSubmissionSchema>;

describe("crypto's ReportSubmission and the contract's", () => {
  it('name the same fields, at the top and in reporter, but for the appeal reference', () => {
    // An appeal's reference (docs/protocol.md 10.9) is added to the body beside what crypto seals
    // and signs: the server reads it, no signature covers it, so crypto does not type it.
    type AppealField = 'appeal_reference';
    expectTypeOf<keyof ReportSubmission | AppealField>().toEqualTypeOf<keyof ReportSchema>();
    expectTypeOf<keyof ReportSubmission['reporter']>().toEqualTypeOf<keyof ReportSchema['reporter']>();
    expectTypeOf<keyof ReportSubmission['payload']>().toEqualTypeOf<keyof ReportSchema['payload']>();
    expectTypeOf<keyof ReportSubmission['grants'][number]>().toEqualTypeOf<
      keyof ReportSchema['grants'][number]
    >();
  });

  it('every submission crypto types is one the schema types', () => {
    expectTypeOf<ReportSubmission>().toExtend<ReportSchema>();
  });

  it('every submission the schema types is one crypto types, but for its two narrowings', () => {
    // crypto reads envelope version 1 only (the server refuses others), for the payload and the
    // summary, and always lists the attachments, where the schema lets an old client leave the list out.
    type Narrowed = Omit<ReportSchema, 'payload' | 'summary' | 'attachments'> & {
      readonly payload: Envelope;
      readonly summary?: Envelope;
      readonly attachments: readonly string[];
    };
    expectTypeOf<Narrowed>().toExtend<ReportSubmission>();
    expectTypeOf<ReportSchema>().not.toExtend<ReportSubmission>();
  });
});

describe("crypto's Item and the contract's ItemSubmission", () => {
  it('name the same fields', () => {
    expectTypeOf<keyof Item>().toEqualTypeOf<keyof ItemSchema>();
  });

  it('every item crypto types is one the schema types', () => {
    expectTypeOf<Item>().toExtend<ItemSchema>();
    expectTypeOf<SealedItem['item']>().toExtend<ItemSchema>();
  });

  it('every item the schema types is one crypto types, but for the envelope version', () => {
    type Narrowed = Omit<ItemSchema, 'payload'> & { readonly payload: Envelope };
    expectTypeOf<Narrowed>().toExtend<Item>();
  });
});

describe('what the team console sends', () => {
  it('a sealed item is an ItemSubmission', () => {
    expectTypeOf<SealedItemOutput>().toExtend<ItemSchema>();
  });

  it("a new member's credentials are MemberCredentials", () => {
    expectTypeOf<MemberCredentials>().toExtend<DeepReadonly<MemberCredentialsSchema>>();
    expectTypeOf<keyof MemberCredentials>().toEqualTypeOf<keyof MemberCredentialsSchema>();
  });
});
