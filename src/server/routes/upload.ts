// Reading the one file of a multipart upload, with bilingual errors for what can go wrong.

import type { FastifyRequest } from 'fastify';
import { DubanError } from '../../core/errors.js';
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
  let file: Awaited<ReturnType<FastifyRequest['file']>>;
  let bytes: Buffer;
  try {
    file = await request.file(maxBytes ? { limits: { fileSize: maxBytes } } : undefined);
    if (!file) throw badRequest('no_file', '没有收到文件。', 'No file was received.');
    bytes = await file.toBuffer();
  } catch (error) {
    // The multipart reader's own refusals (too large, too many parts) carry their code; anything else it throws
    // — a boundary that is not the header's, a body cut short — is the client's malformed body, not a fault here.
    const known = error instanceof DubanError || (error as { code?: unknown }).code?.toString().startsWith('FST_');
    if (known) throw error;
    throw badRequest(
      'multipart_malformed',
      '上传的表单数据不完整或格式有误，请重新上传。',
      'The uploaded form data is incomplete or malformed; upload the file again.',
    );
  }
  // Streamed over a real connection, the last chunk can arrive after busboy cut the file at the limit: a
  // truncated file is refused, never parsed or stored as if whole.
  if (file.file.truncated) {
    throw new DubanError(
      'file_too_large',
      { zh: '文件超过该功能的大小上限。', en: 'The file exceeds the size limit of this upload.' },
      413,
      { limit: maxBytes },
    );
  }
  return { fileName: cleanFileName(file.filename), bytes };
}

/**
 * A file name as the client sent it, minus what no name needs and the database cannot store: control characters
 * (NUL included) and unpaired UTF-16 surrogates.
 */
export function cleanFileName(name: string): string {
  return name
    .replace(/\p{Cc}/gu, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .trim();
}
