/**
 * What every repository function runs its statements on: the pool, or a transaction a service
 * opened so that several of them commit together (Kysely's own example takes the same union).
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.js';

export type Db = Kysely<DB> | Transaction<DB>;
