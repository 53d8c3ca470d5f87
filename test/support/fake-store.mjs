// In-memory state of one fake Confab server scope (see fake-endpoint.mjs).
// Pure data and protocol rules: no HTTP here, so the router stays thin.

/** @typedef {import('../../src/protocol.ts').Comment} Comment */
/** @typedef {import('../../src/protocol.ts').CommentStatus} CommentStatus */
/** @typedef {import('../../src/protocol.ts').SortOrder} SortOrder */

/**
 * @typedef {object} StoredComment
 * @property {string} id
 * @property {string} page
 * @property {string | null} parentId
 * @property {{ name: string, url: string | null, avatar: string | null }} author
 * @property {string | null} email
 * @property {string} body
 * @property {string} createdAt
 * @property {string | null} editedAt
 * @property {CommentStatus} status
 * @property {string | null} owner  token that wrote it
 * @property {number} baseUp    seeded votes of people without a token in this scope
 * @property {number} baseDown
 * @property {Map<string, 1 | -1>} votes  token → vote
 * @property {number} seq  insertion order, breaks createdAt ties
 */

export const LIMITS = {
  bodyMaxChars: 10_000,
  nameMaxChars: 64,
  urlMaxChars: 512,
  pageKeyMaxChars: 512,
  threadDefaultLimit: 50,
  threadMaxLimit: 200,
  countsMaxPages: 100,
};

export const ERROR_STATUS = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  locked: 423,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** A protocol error, turned into `{error:{code,message,fields}}` by the router. */
export class ApiError extends Error {
  /**
   * @param {keyof typeof ERROR_STATUS} code
   * @param {string} message
   * @param {Record<string, string>} [fields]
   */
  constructor(code, message, fields) {
    super(message);
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.fields = fields;
  }
}

/**
 * The protocol's page-key normalisation: http(s) URLs are canonicalised, anything else is kept.
 * @param {string} key
 */
export function normalisePageKey(key) {
  let url;
  try {
    url = new URL(key);
  } catch {
    return key;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return key;
  const path = url.pathname.replace(/%([0-9A-Fa-f]{2})/g, (escape, hex) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(char) ? char : escape.toUpperCase();
  });
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return `${url.protocol}//${url.host}${trimmed}`;
}

/** @param {unknown} value */
function isHttpUrl(value) {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * @param {string} cursor
 * @param {SortOrder} sort
 */
function decodeCursor(cursor, sort) {
  try {
    const [cursorSort, offset] = atob(cursor.replace(/-/g, '+').replace(/_/g, '/')).split(':');
    const n = Number(offset);
    if (cursorSort === sort && Number.isInteger(n) && n > 0) return n;
  } catch {
    // fall through to the error below
  }
  throw new ApiError('invalid_request', 'Unknown cursor.', {
    cursor: 'Not a cursor of this query.',
  });
}

/**
 * @param {SortOrder} sort
 * @param {number} offset
 */
function encodeCursor(sort, offset) {
  return btoa(`${sort}:${offset}`).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export class FakeStore {
  /** @param {{ editWindowMs?: number, moderate?: boolean }} [options] */
  constructor(options = {}) {
    this.editWindowMs = options.editWindowMs ?? 15 * 60 * 1000;
    /** New comments start as 'pending' when set (a moderated site). */
    this.moderate = options.moderate ?? false;
    /** @type {Map<string, { name: string | null }>} */
    this.tokens = new Map();
    /** @type {Map<string, StoredComment>} */
    this.comments = new Map();
    /** @type {Map<string, boolean>} page → locked */
    this.locked = new Map();
    /** @type {Map<string, { at: number, status: number, body: unknown }>} */
    this.idempotent = new Map();
    this.seq = 0;
    this.nextId = 1;
    /** The token the browser helper stores for the reader; owns seeded `mine: true` comments. */
    this.readerToken = this.createToken(null);
    /** @type {Array<(event: string, data: unknown, page: string) => void>} */
    this.listeners = [];
  }

  /** @param {string | null} name */
  createToken(name) {
    const token = `tok_${crypto.randomUUID()}`;
    this.tokens.set(token, { name });
    return token;
  }

  /** @param {string | null} token */
  checkToken(token) {
    if (token !== null && !this.tokens.has(token)) {
      throw new ApiError('unauthorized', 'Unknown or expired token.');
    }
  }

  /** @param {string | null} token */
  requireToken(token) {
    if (token === null) throw new ApiError('unauthorized', 'A token is needed for this.');
    this.checkToken(token);
    return token;
  }

  /** @param {unknown} sso */
  createSession(sso) {
    if (sso === undefined) return { token: this.createToken(null), name: null };
    // The fake's notion of a signed SSO token: "user:<name>".
    if (typeof sso !== 'string' || !sso.startsWith('user:') || sso.length < 6) {
      throw new ApiError('unauthorized', 'The SSO token could not be verified.', {
        sso: 'Invalid signature.',
      });
    }
    const name = sso.slice(5);
    return { token: this.createToken(name), name };
  }

  /**
   * Comments of a page as the caller sees them: pending only for its author, deleted comments only as
   * tombstones when something visible hangs below them.
   * @param {string} page
   * @param {string | null} token
   */
  visibleOnPage(page, token) {
    const all = [...this.comments.values()].filter((c) => c.page === page);
    /** @type {Map<string, StoredComment[]>} */
    const children = new Map();
    for (const c of all) {
      const key = c.parentId ?? '';
      const list = children.get(key) ?? [];
      list.push(c);
      children.set(key, list);
    }
    /** @type {Set<string>} */
    const visible = new Set();
    /** @param {StoredComment} c @returns {boolean} */
    const decide = (c) => {
      let anyChildVisible = false;
      for (const child of children.get(c.id) ?? []) {
        if (decide(child)) anyChildVisible = true;
      }
      const shown =
        c.status === 'published' ||
        (c.status === 'pending' && token !== null && c.owner === token) ||
        (c.status === 'deleted' && anyChildVisible);
      // A hidden pending comment hides its subtree: nobody else may see replies to it.
      const reachable = shown && (c.status !== 'pending' || c.owner === token);
      if (reachable) visible.add(c.id);
      return reachable;
    };
    for (const root of children.get('') ?? []) decide(root);
    return { visible, children };
  }

  /**
   * @param {StoredComment} c
   * @param {string | null} token
   * @returns {Comment}
   */
  toProtocol(c, token) {
    const myVote = token === null ? 0 : (c.votes.get(token) ?? 0);
    let up = c.baseUp;
    let down = c.baseDown;
    for (const value of c.votes.values()) {
      if (value === 1) up += 1;
      else down += 1;
    }
    const deleted = c.status === 'deleted';
    return {
      id: c.id,
      parentId: c.parentId,
      author: deleted ? { name: '', url: null, avatar: null } : { ...c.author },
      body: deleted ? '' : c.body,
      createdAt: c.createdAt,
      editedAt: c.editedAt,
      status: c.status,
      votes: { up, down },
      myVote,
      mine: token !== null && c.owner === token,
    };
  }

  /** @param {StoredComment} a @param {StoredComment} b */
  static byAge(a, b) {
    return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.seq - b.seq;
  }

  /**
   * @param {{ page: string, sort: SortOrder, limit: number, cursor: string | null }} query
   * @param {string | null} token
   */
  thread(query, token) {
    const page = normalisePageKey(query.page);
    const { visible, children } = this.visibleOnPage(page, token);
    const roots = (children.get('') ?? []).filter((c) => visible.has(c.id)).sort(FakeStore.byAge);
    if (query.sort === 'newest') roots.reverse();
    if (query.sort === 'top') {
      const score = (/** @type {StoredComment} */ c) => {
        const { votes } = this.toProtocol(c, null);
        return votes.up - votes.down;
      };
      roots.sort((a, b) => score(b) - score(a) || FakeStore.byAge(a, b));
    }
    const offset = query.cursor === null ? 0 : decodeCursor(query.cursor, query.sort);
    const slice = roots.slice(offset, offset + query.limit);
    /** @type {Comment[]} */
    const comments = [];
    /** @param {StoredComment} c */
    const emit = (c) => {
      comments.push(this.toProtocol(c, token));
      const replies = (children.get(c.id) ?? []).filter((r) => visible.has(r.id));
      for (const reply of replies.sort(FakeStore.byAge)) emit(reply);
    };
    for (const root of slice) emit(root);
    const end = offset + slice.length;
    return {
      page,
      locked: this.locked.get(page) ?? false,
      total: this.countVisible(visible),
      comments,
      nextCursor: end < roots.length ? encodeCursor(query.sort, end) : null,
    };
  }

  /** Tombstones are shown but are not comments anyone can read, so they are not counted. */
  /** @param {Set<string>} visible */
  countVisible(visible) {
    let n = 0;
    for (const id of visible) if (this.comments.get(id)?.status !== 'deleted') n += 1;
    return n;
  }

  /** @param {string[]} pages @param {string | null} token */
  counts(pages, token) {
    /** @type {Record<string, number>} */
    const counts = {};
    for (const key of pages) {
      counts[key] = this.countVisible(this.visibleOnPage(normalisePageKey(key), token).visible);
    }
    return counts;
  }

  /**
   * @param {string} token
   * @param {string | null} key
   * @param {() => { status: number, body: unknown }} run
   */
  idempotently(token, key, run) {
    if (key === null) return run();
    const id = `${token}\n${key}`;
    const seen = this.idempotent.get(id);
    if (seen && Date.now() - seen.at < IDEMPOTENCY_TTL_MS) return seen;
    let result;
    try {
      result = run();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      result = { status: error.status, body: errorBody(error) };
    }
    this.idempotent.set(id, { at: Date.now(), ...result });
    return result;
  }

  /**
   * POST /comments
   * @param {any} input
   * @param {string} token
   */
  post(input, token) {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      throw new ApiError('invalid_request', 'The body must be a JSON object.');
    }
    /** @type {Record<string, string>} */
    const fields = {};
    const { page, parentId = null, body, author } = input;
    if (typeof page !== 'string' || page.trim() === '' || page.length > LIMITS.pageKeyMaxChars) {
      fields.page = `A page key of 1 to ${LIMITS.pageKeyMaxChars} characters is required.`;
    }
    if (parentId !== null && typeof parentId !== 'string')
      fields.parentId = 'Must be a string or null.';
    if (typeof body !== 'string' || body.trim().length === 0) fields.body = 'The comment is empty.';
    else if (body.trim().length > LIMITS.bodyMaxChars) {
      fields.body = `At most ${LIMITS.bodyMaxChars} characters.`;
    }
    const name = author && typeof author === 'object' ? author.name : undefined;
    if (typeof name !== 'string' || name.trim() === '')
      fields['author.name'] = 'A name is required.';
    else if (name.trim().length > LIMITS.nameMaxChars) {
      fields['author.name'] = `At most ${LIMITS.nameMaxChars} characters.`;
    }
    const url = author && typeof author === 'object' ? author.url : undefined;
    if (url !== undefined && url !== '' && (!isHttpUrl(url) || url.length > LIMITS.urlMaxChars)) {
      fields['author.url'] = `An http(s) address of at most ${LIMITS.urlMaxChars} characters.`;
    }
    const email = author && typeof author === 'object' ? author.email : undefined;
    if (
      email !== undefined &&
      email !== '' &&
      (typeof email !== 'string' || !email.includes('@'))
    ) {
      fields['author.email'] = 'Not an e-mail address.';
    }
    if (Object.keys(fields).length > 0) {
      throw new ApiError('invalid_request', 'Some fields are not valid.', fields);
    }
    const key = normalisePageKey(page);
    if (parentId !== null) {
      const parent = this.comments.get(parentId);
      const { visible } = this.visibleOnPage(key, token);
      if (!parent || parent.page !== key || !visible.has(parentId) || parent.status === 'deleted') {
        throw new ApiError('invalid_request', 'The comment replied to does not exist.', {
          parentId: 'No such comment on this page.',
        });
      }
    }
    if (this.locked.get(key))
      throw new ApiError('locked', 'This thread is closed for new comments.');
    const stored = this.insert({
      page: key,
      parentId,
      author: { name: name.trim(), url: url ? url : null, avatar: null },
      email: email ? email : null,
      body,
      createdAt: new Date().toISOString(),
      status: this.moderate ? 'pending' : 'published',
      owner: token,
    });
    this.broadcast(stored);
    return this.toProtocol(stored, token);
  }

  /**
   * @param {Omit<StoredComment, 'id' | 'seq' | 'votes' | 'baseUp' | 'baseDown' | 'editedAt'> &
   *   Partial<Pick<StoredComment, 'id' | 'baseUp' | 'baseDown' | 'editedAt'>>} fields
   */
  insert(fields) {
    /** @type {StoredComment} */
    const stored = {
      editedAt: null,
      baseUp: 0,
      baseDown: 0,
      ...fields,
      id: fields.id ?? `c${this.nextId++}`,
      votes: new Map(),
      seq: this.seq++,
    };
    this.comments.set(stored.id, stored);
    return stored;
  }

  /** @param {string} id @param {string} token */
  owned(id, token) {
    const c = this.comments.get(id);
    if (!c || !this.visibleOnPage(c.page, token).visible.has(id)) {
      throw new ApiError('not_found', 'No such comment.');
    }
    if (c.owner !== token) throw new ApiError('forbidden', 'Only its author may change a comment.');
    return c;
  }

  /** @param {string} id @param {any} input @param {string} token */
  edit(id, input, token) {
    const body = input && typeof input === 'object' ? input.body : undefined;
    if (typeof body !== 'string' || body.trim().length === 0) {
      throw new ApiError('invalid_request', 'The comment is empty.', {
        body: 'The comment is empty.',
      });
    }
    if (body.trim().length > LIMITS.bodyMaxChars) {
      throw new ApiError('invalid_request', 'The comment is too long.', {
        body: `At most ${LIMITS.bodyMaxChars} characters.`,
      });
    }
    const c = this.owned(id, token);
    if (c.status === 'deleted')
      throw new ApiError('forbidden', 'A deleted comment cannot be edited.');
    if (Date.now() - Date.parse(c.createdAt) > this.editWindowMs) {
      throw new ApiError('forbidden', 'The time for editing this comment has passed.');
    }
    c.body = body;
    c.editedAt = new Date().toISOString();
    this.broadcast(c);
    return this.toProtocol(c, token);
  }

  /** @param {string} id @param {string} token */
  remove(id, token) {
    const c = this.owned(id, token);
    if (c.status !== 'deleted') {
      c.status = 'deleted';
      this.broadcast(c);
    }
    return this.toProtocol(c, token);
  }

  /** @param {string} id @param {any} input @param {string} token */
  vote(id, input, token) {
    const value = input && typeof input === 'object' ? input.value : undefined;
    if (value !== 1 && value !== -1 && value !== 0) {
      throw new ApiError('invalid_request', 'A vote is 1, -1 or 0.', {
        value: 'Must be 1, -1 or 0.',
      });
    }
    const c = this.comments.get(id);
    if (!c || !this.visibleOnPage(c.page, token).visible.has(id) || c.status === 'deleted') {
      throw new ApiError('not_found', 'No such comment.');
    }
    const before = c.votes.get(token) ?? 0;
    if (value === 0) c.votes.delete(token);
    else c.votes.set(token, value);
    const { votes, myVote } = this.toProtocol(c, token);
    if (before !== value && c.status === 'published') {
      for (const listener of this.listeners) listener('vote', { id, votes }, c.page);
    }
    return { votes, myVote };
  }

  /** Tells the event streams; pending comments are not for everyone's eyes. */
  /** @param {StoredComment} c */
  broadcast(c) {
    if (c.status === 'pending') return;
    const data = this.toProtocol(c, null);
    for (const listener of this.listeners) listener('comment', data, c.page);
  }

  /**
   * Seeds a page from short specs (see test/support/fake.ts SeedComment).
   * @param {string} pageKey
   * @param {any[]} specs
   * @param {{ locked?: boolean }} [options]
   */
  seed(pageKey, specs, options = {}) {
    const page = normalisePageKey(pageKey);
    if (options.locked !== undefined) this.locked.set(page, options.locked);
    const now = Date.now();
    const seeded = specs.map((spec, i) => {
      const author =
        typeof spec.author === 'string'
          ? { name: spec.author, url: null, avatar: null }
          : { name: `Reader ${this.nextId}`, url: null, avatar: null, ...spec.author };
      const myVote = spec.myVote ?? 0;
      const stored = this.insert({
        id: spec.id,
        page,
        parentId: spec.parentId ?? null,
        author,
        email: null,
        body: spec.body ?? `Comment ${this.nextId}`,
        // One second apart, in the given order, ending now: recent enough to be editable.
        createdAt: spec.createdAt ?? new Date(now - (specs.length - i) * 1000).toISOString(),
        editedAt: spec.editedAt ?? null,
        status: spec.status ?? 'published',
        owner: spec.mine ? this.readerToken : null,
        baseUp: Math.max(0, (spec.up ?? 0) - (myVote === 1 ? 1 : 0)),
        baseDown: Math.max(0, (spec.down ?? 0) - (myVote === -1 ? 1 : 0)),
      });
      if (myVote !== 0) stored.votes.set(this.readerToken, myVote);
      return stored;
    });
    return seeded.map((c) => this.toProtocol(c, this.readerToken));
  }

  /** Everything stored for a page, deleted and pending included, as the reader token sees it. */
  /** @param {string} pageKey */
  stored(pageKey) {
    const page = normalisePageKey(pageKey);
    return [...this.comments.values()]
      .filter((c) => c.page === page)
      .sort(FakeStore.byAge)
      .map((c) => ({
        ...this.toProtocol(c, this.readerToken),
        body: c.body,
        author: { ...c.author },
      }));
  }
}

/** @param {ApiError} error */
export function errorBody(error) {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.fields ? { fields: error.fields } : {}),
    },
  };
}
