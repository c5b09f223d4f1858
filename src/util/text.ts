// Reading an untrusted field as text: a request's or a record's optional string keys.

/** `v` when it is a non-empty string, else undefined. */
export const nonEmpty = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
