// One post's thread as the export writers read it: the rows of every table that hangs off a post.
import type {
  listCommentsOfPostForExport,
  listLabelsOfPostForExport,
  listLinkbacksOfPostForExport,
  listPostsForExport,
  listRemarksOfPostForExport,
} from './export.repository.js';

type ExportPost = Awaited<ReturnType<typeof listPostsForExport>>[number];

export interface PostThread {
  post: ExportPost;
  comments: Awaited<ReturnType<typeof listCommentsOfPostForExport>>;
  remarks: Awaited<ReturnType<typeof listRemarksOfPostForExport>>;
  labels: Awaited<ReturnType<typeof listLabelsOfPostForExport>>;
  linkbacks: Awaited<ReturnType<typeof listLinkbacksOfPostForExport>>;
}
