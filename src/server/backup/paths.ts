// Where an evidence file lives in the data folder. A restore takes the path from a row of the backup, so it is
// checked here before anything is read or written: relative, under files/, no '..', nothing odd.

import { isAbsolute, join, normalize, sep } from 'node:path';
import { DubanError } from '../../core/errors.js';

const SAFE = /^files\/[0-9A-Za-z._-]+(\/[0-9A-Za-z._-]+)*$/;

export function evidencePath(dataDir: string, storagePath: string): string {
  const normalized = normalize(storagePath).split(sep).join('/');
  if (isAbsolute(storagePath) || normalized !== storagePath || !SAFE.test(storagePath) || storagePath.includes('..')) {
    throw new DubanError('evidence_path_invalid', {
      zh: `佐证材料的存储路径无效：${storagePath}`,
      en: `Invalid storage path of an evidence file: ${storagePath}`,
    });
  }
  return join(dataDir, storagePath);
}
