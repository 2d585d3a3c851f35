import path from 'node:path';

export const SRC = path.resolve(__dirname, '../../plugins/wire/server/src');
export const FIXTURE_DIR = path.resolve(__dirname, '../fixtures');
