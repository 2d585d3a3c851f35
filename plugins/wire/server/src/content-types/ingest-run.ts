import { deskOnlyOptions } from './common';

/** One poll or ingest: what was fetched, what came of it, and why anything was rejected. */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'wire_ingest_runs',
    info: {
      singularName: 'ingest-run',
      pluralName: 'ingest-runs',
      displayName: 'Wire ingest run',
      description: 'Every poll, push and CLI ingest, with its counts and problems.',
    },
    ...deskOnlyOptions,
    attributes: {
      feed: { type: 'relation', relation: 'manyToOne', target: 'plugin::wire.feed', inversedBy: 'runs' },
      source: { type: 'string' },
      trigger: { type: 'enumeration', enum: ['schedule', 'manual', 'cli', 'push'], required: true },
      status: {
        type: 'enumeration',
        enum: ['running', 'success', 'partial', 'not-modified', 'failed'],
        default: 'running',
        required: true,
      },
      node: { type: 'string' },
      startedAt: { type: 'datetime' },
      finishedAt: { type: 'datetime' },
      httpStatus: { type: 'integer' },
      bytes: { type: 'biginteger' },
      files: { type: 'integer', default: 0 },
      items: { type: 'integer', default: 0 },
      created: { type: 'integer', default: 0 },
      updated: { type: 'integer', default: 0 },
      unchanged: { type: 'integer', default: 0 },
      rejected: { type: 'integer', default: 0 },
      error: { type: 'text' },
      problems: { type: 'json' },
      warnings: { type: 'json' },
    },
  },
};
