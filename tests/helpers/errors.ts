/**
 * The one error shape of every Wire route, admin and partner alike: Strapi's
 * `{ data: null, error: { status, name, message, details } }`, with the HTTP status repeated in the
 * body, a name, a message for people and `details` an object (empty or not), and nothing else.
 */
export interface ErrorBody {
  status: number;
  name: string;
  message: string;
  details: Record<string, any>;
}

/** Checks a response (supertest's, or `{ status, text }`) against the one error shape; returns its `error`. */
export function expectError(
  res: { status: number; body?: unknown; text?: string },
  status: number,
  name?: string,
): ErrorBody {
  const body: any =
    res.body !== undefined && res.body !== null && typeof res.body === 'object' && Object.keys(res.body).length
      ? res.body
      : JSON.parse(res.text ?? 'null');
  expect({ status: res.status, keys: Object.keys(body ?? {}).sort() }).toEqual({ status, keys: ['data', 'error'] });
  expect(body.data).toBeNull();
  expect(Object.keys(body.error).sort()).toEqual(['details', 'message', 'name', 'status']);
  expect(body.error.status).toBe(status);
  expect(typeof body.error.name).toBe('string');
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(
    body.error.details !== null && typeof body.error.details === 'object' && !Array.isArray(body.error.details),
  ).toBe(true);
  if (name !== undefined) expect(body.error.name).toBe(name);
  return body.error;
}
