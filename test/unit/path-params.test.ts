import { describe, expect, it } from 'vitest';
import { BridgeError, fillPathParams, isValidPathParam, pathParamSlots } from '../../src/index.js';

// Every example of ../shared/seeds/004 (Gainsight, "Dynamic URL Path Segments").
const ACCEPTED = ['42', 'user-42', 'USER_42', 'my.handle', 'a~b', '123e4567-e89b-12d3-a456-426614174000', '123E4567-E89B-12D3-A456-426614174000', 42, 'x'.repeat(200)];
const REJECTED = ['', 'has space', 'with/slash', 'with?q', '..', '.', 'a..b', '%20', 'with#hash', 'tab\there', 'new\nline', 'x'.repeat(201), 'ünicode', 1e21];

function thrown(fn: () => unknown): BridgeError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(BridgeError);
    return error as BridgeError;
  }
  throw new Error('expected a throw');
}

describe('the path parameter rule', () => {
  it.each(ACCEPTED)('accepts %s', (value) => {
    expect(isValidPathParam(value)).toBe(true);
    expect(fillPathParams('https://api.example.com/users/{{pathParams.id}}', { id: value })).toBe(`https://api.example.com/users/${value}`);
  });

  it.each(REJECTED)('rejects %j with INVALID_PATH_PARAMETERS', (value) => {
    expect(isValidPathParam(value)).toBe(false);
    const error = thrown(() => fillPathParams('https://api.example.com/users/{{pathParams.id}}', { id: value }));
    expect(error.code).toBe('INVALID_PATH_PARAMETERS');
    expect(error.params).toEqual(['id']);
  });

  it('substitutes the documented example, spaces inside the braces allowed', () => {
    expect(fillPathParams('https://api.example.com/ideas/{{ pathParams.idea_id }}/endorsements', { idea_id: 42 })).toBe(
      'https://api.example.com/ideas/42/endorsements',
    );
    expect(fillPathParams('https://x.test/{{pathParams.user_id}}/posts/{{  pathParams.post_slug  }}', { user_id: 42, post_slug: 'hello-world' })).toBe(
      'https://x.test/42/posts/hello-world',
    );
  });

  it('lists every missing key, and missing wins over invalid', () => {
    const error = thrown(() => fillPathParams('https://x.test/{{pathParams.a}}/{{pathParams.b}}/{{pathParams.c}}/{{pathParams.a}}', { b: 'bad value' }));
    expect(error.code).toBe('MISSING_PATH_PARAMETERS');
    expect(error.params).toEqual(['a', 'c']);
  });

  it('lists every invalid key, supplied but unreferenced ones included, as the server does', () => {
    const error = thrown(() => fillPathParams('https://x.test/{{pathParams.a}}', { a: 'with/slash', extra: '..', fine: 'ok' }));
    expect(error.code).toBe('INVALID_PATH_PARAMETERS');
    expect(error.params).toEqual(['a', 'extra']);
  });

  it('treats keys such as constructor and toString as data, not inherited members', () => {
    const params = Object.assign(Object.create(null), { constructor: 'c1' }) as Record<string, string>;
    expect(fillPathParams('https://x.test/{{pathParams.constructor}}', params)).toBe('https://x.test/c1');
    expect(thrown(() => fillPathParams('https://x.test/{{pathParams.toString}}', {})).params).toEqual(['toString']);
  });

  it('finds slots in order, once each, and leaves a URL without slots alone', () => {
    expect(pathParamSlots('https://x.test/{{pathParams.b}}/{{ pathParams.a }}/{{pathParams.b}}')).toEqual(['b', 'a']);
    expect(fillPathParams('https://x.test/plain?x=1', {})).toBe('https://x.test/plain?x=1');
  });
});
