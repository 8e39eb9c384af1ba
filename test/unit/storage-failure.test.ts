import { describe, expect, it } from 'vitest';
import { storageFailureOf } from '../../server/db/storage-failure.js';

const withCode = (code: string, message = 'driver error') => Object.assign(new Error(message), { code });

describe('storageFailureOf', () => {
  it.each([
    ['pg_terminate_backend', withCode('57P01', 'terminating connection due to administrator command'), 503, 'database_unavailable'],
    ['a crashed server', withCode('57P02'), 503, 'database_unavailable'],
    ['a server starting up', withCode('57P03'), 503, 'database_unavailable'],
    ['a connection exception', withCode('08006'), 503, 'database_unavailable'],
    ['a refused socket', withCode('ECONNREFUSED'), 503, 'database_unavailable'],
    ['a reset socket', withCode('ECONNRESET'), 503, 'database_unavailable'],
    ['a closed pg client', new Error('Connection terminated unexpectedly'), 503, 'database_unavailable'],
    ['a pg client after its socket died', new Error('Client has encountered a connection error and is not queryable'), 503, 'database_unavailable'],
    ['a pool that could not connect in time', new Error('timeout exceeded when trying to connect'), 503, 'database_unavailable'],
    ['every address refused', Object.assign(new AggregateError([withCode('ECONNREFUSED')]), { code: undefined }), 503, 'database_unavailable'],
    ['a full SQLite database', withCode('SQLITE_FULL', 'database or disk is full'), 507, 'storage_full'],
    ['a read-only SQLite file', withCode('SQLITE_READONLY', 'attempt to write a readonly database'), 503, 'read_only'],
    ['a read-only directory', withCode('SQLITE_READONLY_DIRECTORY'), 503, 'read_only'],
  ])('%s is a storage failure', (_, err, status, code) => {
    const failure = storageFailureOf(err);
    expect(failure).toMatchObject({ status, code });
    expect(failure?.cause).toBe(err);
  });

  it.each([
    ['a unique violation', withCode('23505')],
    ['a syntax error', withCode('42601')],
    ['a SQLite constraint', withCode('SQLITE_CONSTRAINT_UNIQUE')],
    ['a plain bug', new TypeError('x is undefined')],
    ['a thrown string', 'oops'],
  ])('%s is not', (_, err) => {
    expect(storageFailureOf(err)).toBeNull();
  });
});
