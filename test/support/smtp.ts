// A real SMTP server for tests (smtp-server), parsing every message it accepts with mailparser.
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface Received {
  mail: ParsedMail;
  envelopeTo: string[];
}

/** What the server answers a message: accept it, refuse it with an SMTP code, or hold it without answering. */
export type SmtpAnswer = { accept: true } | { accept: false; code: number; message: string } | { hold: true };

export interface TestSmtp {
  url: string;
  received: Received[];
  /** Decides the answer for each message, by arrival order and recipients (default: accept all). */
  answer: (index: number, to: string[]) => SmtpAnswer;
  /** Resolves once `n` messages have been accepted. */
  waitForAccepted(n: number): Promise<void>;
  /** Resolves once `n` message bodies have arrived (accepted, refused or held). */
  waitForArrived(n: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts an SMTP server on a free loopback port, without TLS or authentication (like a local relay). */
export async function startTestSmtp(): Promise<TestSmtp> {
  let arrived = 0;
  const waiters: { check: () => boolean; resolve: () => void }[] = [];
  const poke = () => {
    for (const w of [...waiters]) {
      if (!w.check()) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  const state: TestSmtp = {
    url: '',
    received: [],
    answer: () => ({ accept: true }),
    waitForAccepted: (n) => new Promise((resolve) => (waiters.push({ check: () => state.received.length >= n, resolve }), poke())),
    waitForArrived: (n) => new Promise((resolve) => (waiters.push({ check: () => arrived >= n, resolve }), poke())),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    disableReverseLookup: true,
    // A held connection must not keep close() waiting its default half-minute.
    closeTimeout: 500,
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const answer = state.answer(
          arrived,
          session.envelope.rcptTo.map((r) => r.address),
        );
        arrived += 1;
        poke();
        if ('hold' in answer) return;
        if (!answer.accept) return callback(Object.assign(new Error(answer.message), { responseCode: answer.code }));
        void simpleParser(Buffer.concat(chunks)).then((mail) => {
          state.received.push({ mail, envelopeTo: session.envelope.rcptTo.map((r) => r.address) });
          callback();
          poke();
        });
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  state.url = `smtp://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return state;
}
