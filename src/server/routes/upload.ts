// Reading the one file of a multipart upload, with bilingual errors for what can go wrong.

import type { FastifyRequest } from 'fastify';
import { badRequest } from '../errors.js';

export async function readUpload(
  request: FastifyRequest,
  maxBytes?: number,
): Promise<{ fileName: string; bytes: Buffer }> {
  if (!request.isMultipart()) {
    throw badRequest(
      'multipart_expected',
      '请以 multipart/form-data 上传文件。',
      'Upload the file as multipart/form-data.',
    );
  }
  const file = await request.file(maxBytes ? { limits: { fileSize: maxBytes } } : undefined);
  if (!file) throw badRequest('no_file', '没有收到文件。', 'No file was received.');
  const bytes = await file.toBuffer();
  return { fileName: file.filename, bytes };
}
