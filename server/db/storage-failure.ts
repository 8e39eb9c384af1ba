import { AppError } from '../errors.js';

// PostgreSQL's SQLSTATEs for a lost or refused connection: 57P01 admin_shutdown (pg_terminate_backend,
// a fast shutdown), 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up, in recovery), 53300
// too_many_connections, and class 08, connection exceptions.
const PG_CONNECTION_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
// What the socket says when the server is gone or not (yet) there.
const SOCKET_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// pg and Kysely give these errors no code: a client whose socket closed, and one the pool could not open in time.
const CONNECTION_MESSAGES =
  /^(Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|timeout exceeded when trying to connect|Postgres connection has been discarded)/;

type Fault = 'unavailable' | 'full' | 'read_only';

const FAULTS: Record<Fault, { status: number; code: string; page: string; form: string }> = {
  unavailable: {
    status: 503,
    code: 'database_unavailable',
    page: 'Sorry, the site could not reach its database just now. Please try again in a moment.',
    form: 'Not posted: the site could not reach its database just now. Your text is kept below; please send it again in a moment.',
  },
  // 507 Insufficient Storage (RFC 4918): the server cannot store what the request needs. Not 503: reading
  // still works, so the instance must stay in the load balancer's rotation; and the code tells monitoring why.
  full: {
    status: 507,
    code: 'storage_full',
    page: 'Sorry, the site has run out of storage space, so nothing new can be saved. Its staff can see this in the log.',
    form: 'Not posted: the site has run out of storage space. Your text is kept below; please keep a copy and try again later.',
  },
  read_only: {
    status: 503,
    code: 'read_only',
    page: 'Sorry, the site is read-only for the moment, so nothing new can be saved. Reading works as usual.',
    form: 'Not posted: the site is read-only for the moment. Your text is kept below; please keep a copy and try again later.',
  },
};

/**
 * A write or read the storage refused for a reason of its own (not of the request): the database is
 * out of reach, the disk is full, the file is read-only. `cause` keeps the driver's error for the log.
 */
export class StorageFailure extends AppError {
  /** The same reason worded for a form shown again with the reader's text. */
  readonly formMessage: string;

  constructor(fault: Fault, cause: unknown) {
    const { status, code, page, form } = FAULTS[fault];
    super(page, status, code);
    this.formMessage = form;
    this.cause = cause;
  }
}

/** Thrown for a write while the database was opened read-only (see openSqlite). */
export function readOnlyFailure(): StorageFailure {
  return new StorageFailure('read_only', new Error('the database was opened read-only'));
}

function faultOf(err: unknown): Fault | null {
  if (typeof err !== 'object' || err === null) return null;
  if (err instanceof StorageFailure) return null;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (code === 'SQLITE_FULL') return 'full';
    // 25006 read_only_sql_transaction: a PostgreSQL standby that has not been promoted yet.
    if (code.startsWith('SQLITE_READONLY') || code === '25006') return 'read_only';
    if (PG_CONNECTION_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code) || SOCKET_CODES.has(code)) return 'unavailable';
  }
  const message = (err as { message?: unknown }).message;
  if (typeof message === 'string' && CONNECTION_MESSAGES.test(message)) return 'unavailable';
  // Node wraps a failed connection to every address of a name in an AggregateError.
  const inner = (err as { errors?: unknown }).errors;
  if (Array.isArray(inner) && inner.length > 0) return faultOf(inner[0]);
  return null;
}

/** The StorageFailure an error from the database driver amounts to, or null when it is some other error. */
export function storageFailureOf(err: unknown): StorageFailure | null {
  if (err instanceof StorageFailure) return err;
  const fault = faultOf(err);
  return fault ? new StorageFailure(fault, err) : null;
}
