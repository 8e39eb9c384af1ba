// A worker thread's entry: reads the thread from its own SQLite connection and classifies a new
// comment there, so the classifier's work does not hold up the event loop that answers HTTP.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/database.js';
import { findPostWithAuthorById } from '../post/post.repository.js';
import { classifyComment } from './stance.service.js';
import type { ClassifyRequest, ClassifyReply } from './stance-thread.js';

const db = openDatabase((workerData as { databaseUrl: string }).databaseUrl);
const port = parentPort!;

port.on('message', (request: ClassifyRequest) => {
  void (async (): Promise<ClassifyReply> => {
    try {
      const post = await findPostWithAuthorById(db, request.postId);
      return { id: request.id, result: post ? await classifyComment(db, post, request.comment) : null };
    } catch {
      return { id: request.id, result: null };
    }
  })().then((reply) => port.postMessage(reply));
});
